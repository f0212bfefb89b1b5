using System.Text;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Sharding;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace QuorumMonitor.Core.Config;

/// <summary>
/// Loads and validates a YAML config; every problem becomes a <see cref="ConfigError"/>, never a stack trace. The
/// kernel reads the shared sections (monitor, correlation, telemetry, notify); each kind reads its own.
/// </summary>
public sealed class ConfigLoader(IReadOnlyList<IClusterKind> kinds)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public MonitorConfig LoadFile(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > ConfigLimits.MaxFileBytes)
            {
                throw new ConfigException($"config file '{path}' is {info.Length} bytes; the limit is {ConfigLimits.MaxFileBytes / (1024 * 1024)} MiB");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigException($"cannot read config file '{path}': {ex.Message}");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ConfigException($"config file '{path}' is not UTF-8 text (invalid byte at offset {ex.Index})");
        }

        return Parse(text.StartsWith('\uFEFF') ? text[1..] : text, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <param name="baseDirectory">Folder relative paths in the config (notify.stateFile) are resolved against; default the current one.</param>
    public MonitorConfig Parse(string yaml, string? baseDirectory = null)
    {
        if (yaml.Length > ConfigLimits.MaxFileBytes)
        {
            throw new ConfigException($"the config is {yaml.Length} characters; the limit is {ConfigLimits.MaxFileBytes / (1024 * 1024)} MiB");
        }

        if (ConfigText.FirstForbiddenInFile(yaml) is { } bad)
        {
            throw new ConfigException([new ConfigError("config", bad.Line, $"contains the control character {ConfigText.Describe(bad.Char)}, which YAML does not allow; is this a text file?")]);
        }

        var stream = new YamlStream();
        try
        {
            // The tree builder recurses per nesting level: it only sees a document the event scan found bounded.
            var shape = new ConfigErrors();
            YamlPreScan.Check(yaml, shape);
            shape.ThrowIfAny();
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new ConfigException([new ConfigError("config", (int)ex.Start.Line, $"not valid YAML: {ex.Message}")]);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // YamlDotNet signals a few malformed inputs with these instead of a YamlException.
            throw new ConfigException($"not valid YAML: {ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new ConfigException($"the config file is empty; it must list at least one cluster (e.g. a '{kinds.FirstOrDefault()?.Section ?? "zookeeper"}:' section)");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigException([new ConfigError("config", YamlSection.LineOf(stream.Documents[0].RootNode),
                $"must be a YAML mapping with sections such as 'monitor:' and '{kinds.FirstOrDefault()?.Section ?? "zookeeper"}:'")]);
        }

        var errors = new ConfigErrors();
        var top = new YamlSection(root, "", errors);
        var settings = ReadSettings(top.Section("monitor"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        var references = new List<ClusterReference>();
        var correlation = ReadCorrelation(top.Section("correlation"));
        var telemetry = ReadTelemetry(top.Section("telemetry"));
        var read = new Dictionary<string, IKindSettings>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            read[kind.Name] = kind.Read(top, names, references);
        }

        var config = new MonitorConfig
        {
            Monitor = settings,
            Correlation = correlation,
            Telemetry = telemetry,
            Permits = PermitConfigReader.Read(top.Section("permits")),
            Api = ApiConfigReader.Read(top.Section("api"), baseDirectory ?? Directory.GetCurrentDirectory()),
            Kinds = read,
            Notify = NotifyConfigReader.Read(top, baseDirectory ?? Directory.GetCurrentDirectory()),
        };
        top.RejectUnknownKeys();
        ClusterReference.CheckAll(references, names, errors);
        if (errors.All.Count == 0 && config.ClusterCount == 0)
        {
            errors.Add("config", 1, $"lists no clusters; add at least one entry under {SectionList()}");
        }

        errors.ThrowIfAny();
        return ShardAssignment.OwnedPart(config);
    }

    /// <summary>'zookeeper:', 'kafka:' or 'mysql:'</summary>
    private string SectionList()
    {
        var sections = kinds.Select(k => $"'{k.Section}:'").ToList();
        return sections.Count switch
        {
            0 => "a cluster section (no cluster kind is registered)",
            1 => sections[0],
            _ => $"{string.Join(", ", sections[..^1])} or {sections[^1]}",
        };
    }

    private static TelemetrySettings ReadTelemetry(YamlSection? s)
    {
        if (s is null)
        {
            return new TelemetrySettings();
        }

        var endpoint = s.String("otlpEndpoint") is { } text ? s.HttpUrl(s.FieldPath("otlpEndpoint"), text, s.Line) : null;
        var protocol = s.String("protocol") ?? "http";
        if (protocol is not ("http" or "grpc"))
        {
            s.Errors.Add(s.FieldPath("protocol"), s.Line, $"'{protocol}' must be http or grpc");
        }

        var settings = new TelemetrySettings
        {
            OtlpEndpoint = endpoint,
            Protocol = protocol,
            ServiceName = s.String("serviceName") ?? "quorum-monitor",
        };
        s.RejectUnknownKeys();
        return settings;
    }

    private static CorrelationSettings ReadCorrelation(YamlSection? s)
    {
        var defaults = new CorrelationSettings();
        if (s is null)
        {
            return defaults;
        }

        var settings = new CorrelationSettings
        {
            Window = s.Duration("window", TimeSpan.Zero, TimeSpan.FromDays(1)) ?? defaults.Window,
            StartupHold = s.Duration("startupHold", TimeSpan.Zero, TimeSpan.FromHours(1)),
            ResolveHold = s.Duration("resolveHold", TimeSpan.Zero, TimeSpan.FromDays(1)) ?? defaults.ResolveHold,
            CommonCauseWindow = s.Duration("commonCauseWindow", TimeSpan.Zero, TimeSpan.FromHours(1)) ?? defaults.CommonCauseWindow,
        };
        s.RejectUnknownKeys();
        return settings;
    }

    private static List<string>? ReadAllowedHosts(YamlSection s)
    {
        if (s.Node("allowedHosts") is null)
        {
            return null;
        }

        var hosts = new List<string>();
        var items = s.StringList("allowedHosts", required: true);
        for (var i = 0; i < items.Count; i++)
        {
            var (host, line) = items[i];
            if (!HostNames.IsAllowedHostPattern(host))
            {
                s.Errors.Add($"{s.FieldPath("allowedHosts")}[{i}]", line, $"'{host}' is not a host name, an IP address, '*.domain' or '*' (no scheme, port or path)");
                continue;
            }

            hosts.Add(host);
        }

        return hosts;
    }

    private static MonitorSettings ReadSettings(YamlSection? s)
    {
        var defaults = new MonitorSettings();
        if (s is null)
        {
            return defaults;
        }

        var settings = new MonitorSettings
        {
            Interval = s.Duration("interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)) ?? defaults.Interval,
            Deadline = s.Duration("deadline", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1)) ?? defaults.Deadline,
            ConfirmRounds = s.Int("confirmRounds", 1, 100) ?? defaults.ConfirmRounds,
            ResolveRounds = s.Int("resolveRounds", 1, 100) ?? defaults.ResolveRounds,
            For = s.Duration("for", TimeSpan.Zero, TimeSpan.FromDays(1)) ?? defaults.For,
            KeepFiringFor = s.Duration("keepFiringFor", TimeSpan.Zero, TimeSpan.FromDays(1)) ?? defaults.KeepFiringFor,
            ConfirmDelay = s.Duration("confirmDelay", TimeSpan.Zero, TimeSpan.FromMinutes(1)) ?? defaults.ConfirmDelay,
            AllowedHosts = ReadAllowedHosts(s),
            Shard = ShardConfigReader.Read(s.Section("shard")),
        };
        if (settings.ConfirmDelay >= settings.Interval && s.Node("confirmDelay") is { } delay)
        {
            // A re-probe no sooner than the next interval confirms nothing faster; say so rather than ignore it.
            s.Errors.Add(s.FieldPath("confirmDelay"), YamlSection.LineOf(delay), $"must be shorter than monitor.interval ({Durations.Format(settings.Interval)}); 0s turns fast confirmation off");
        }

        s.RejectUnknownKeys();
        return settings;
    }
}
