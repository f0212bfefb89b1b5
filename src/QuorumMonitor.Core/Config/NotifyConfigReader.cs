using System.Text.RegularExpressions;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Core.Config;

/// <summary>Reads and validates the <c>notify:</c> section. Secrets (routing keys) never appear in an error message.</summary>
internal static partial class NotifyConfigReader
{
    private const string DefaultStateFile = "quorum-monitor-state.db";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();

    [GeneratedRegex("^[A-Za-z0-9]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidRoutingKey();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidEnvName();

    /// <param name="baseDirectory">Folder a relative <c>stateFile</c> is resolved against (the config file's folder).</param>
    public static NotifyConfig? Read(YamlSection root, string baseDirectory)
    {
        var s = root.Section("notify");
        if (s is null)
        {
            return null;
        }

        var defaults = new NotifyRetryConfig();
        var stateFile = ReadStateFile(s, baseDirectory);
        var externalUrl = s.String("externalUrl") is { } ext ? s.HttpUrl(s.FieldPath("externalUrl"), ext, LineOf(s, "externalUrl")) : null;
        var failingAfter = s.Duration("failingAfter", TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1));
        var watchdog = s.Duration("watchdogInterval", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        var resumeGrace = s.Duration("resumeGrace", TimeSpan.Zero, TimeSpan.FromDays(1));
        var timeout = s.Duration("timeout", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5));
        var runbook = ReadRunbook(s);
        var retry = ReadRetry(s.Section("retry"), defaults);
        var channels = ReadChannels(s);
        var names = channels.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var fallback = s.String("fallback");
        if (fallback is not null && !names.Contains(fallback))
        {
            s.Errors.Add(s.FieldPath("fallback"), LineOf(s, "fallback"), $"'{fallback}' is not a channel; known: {string.Join(", ", names.Order(StringComparer.Ordinal))}");
            fallback = null;
        }

        var routes = ReadRoutes(s, names, channels, fallback);
        s.RejectUnknownKeys();
        var config = new NotifyConfig
        {
            StateFile = stateFile,
            Channels = channels,
            Routes = routes,
            Fallback = fallback,
            Retry = retry,
            RunbookUrl = runbook,
        };
        return config with
        {
            ExternalUrl = externalUrl ?? config.ExternalUrl,
            FailingAfter = failingAfter ?? config.FailingAfter,
            WatchdogInterval = watchdog ?? config.WatchdogInterval,
            ResumeGrace = resumeGrace,
            Timeout = timeout ?? config.Timeout,
        };
    }

    private static int LineOf(YamlSection s, string key) => s.Node(key) is { } n ? YamlSection.LineOf(n) : s.Line;

    private static string ReadStateFile(YamlSection s, string baseDirectory)
    {
        var text = s.String("stateFile");
        var path = Path.GetFullPath(text ?? DefaultStateFile, baseDirectory);
        var dir = Path.GetDirectoryName(path);
        if (text is not null && (string.IsNullOrWhiteSpace(text) || Directory.Exists(path)))
        {
            s.Errors.Add(s.FieldPath("stateFile"), LineOf(s, "stateFile"), $"'{text}' must name a file (SQLite database), not a folder");
        }
        else if (dir is not null && !Directory.Exists(dir))
        {
            s.Errors.Add(s.FieldPath("stateFile"), LineOf(s, "stateFile"), $"folder '{dir}' does not exist");
        }

        return path;
    }

    private static string? ReadRunbook(YamlSection s)
    {
        var text = s.String("runbookUrl");
        if (text is not null)
        {
            s.HttpUrl(s.FieldPath("runbookUrl"), text.Replace("{alertname}", "x", StringComparison.Ordinal), LineOf(s, "runbookUrl"));
        }

        return text;
    }

    private static NotifyRetryConfig ReadRetry(YamlSection? s, NotifyRetryConfig defaults)
    {
        if (s is null)
        {
            return defaults;
        }

        var retry = new NotifyRetryConfig
        {
            InitialBackoff = s.Duration("initialBackoff", TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)) ?? defaults.InitialBackoff,
            MaxBackoff = s.Duration("maxBackoff", TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(6)) ?? defaults.MaxBackoff,
            RateLimitedBackoff = s.Duration("rateLimitedBackoff", TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)) ?? defaults.RateLimitedBackoff,
        };
        if (retry.MaxBackoff < retry.InitialBackoff)
        {
            s.Errors.Add(s.FieldPath("maxBackoff"), s.Line, "must not be shorter than initialBackoff");
        }

        s.RejectUnknownKeys();
        return retry;
    }

    private static List<NotifyChannelConfig> ReadChannels(YamlSection s)
    {
        var channels = new List<NotifyChannelConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var list = s.SectionList("channels");
        if (s.Node("channels") is not { } node)
        {
            s.Errors.Add(s.FieldPath("channels"), s.Line, "is required: list at least one channel (alertmanager, pagerduty or webhook)");
        }
        else if (node is YamlDotNet.RepresentationModel.YamlSequenceNode { Children.Count: 0 })
        {
            s.Errors.Add(s.FieldPath("channels"), YamlSection.LineOf(node), "must list at least one channel (alertmanager, pagerduty or webhook)");
        }

        foreach (var c in list)
        {
            var name = c.String("name", required: true);
            if (name is not null && !ValidName().IsMatch(name))
            {
                c.Errors.Add(c.FieldPath("name"), c.Line, $"'{name}' must be 1-63 letters, digits, '.', '_' or '-'");
                name = null;
            }
            else if (name is not null && !seen.Add(name))
            {
                c.Errors.Add(c.FieldPath("name"), c.Line, $"'{name}' is used by another channel; names must be unique");
            }

            var am = c.Section("alertmanager");
            var pd = c.Section("pagerduty");
            var hook = c.Section("webhook");
            var kinds = new[] { am, pd, hook }.Count(x => x is not null);
            if (kinds != 1)
            {
                c.Errors.Add(c.Path, c.Line, kinds == 0
                    ? "needs one of 'alertmanager:', 'pagerduty:' or 'webhook:'"
                    : "has more than one of 'alertmanager:', 'pagerduty:' and 'webhook:'; use one channel each");
            }

            NotifyChannelConfig? channel = null;
            if (am is not null)
            {
                channel = ReadAlertmanager(am, name);
            }
            else if (pd is not null)
            {
                channel = ReadPagerDuty(pd, name);
            }
            else if (hook is not null)
            {
                channel = ReadWebhook(hook, name);
            }

            c.RejectUnknownKeys();
            if (channel is not null && name is not null && kinds == 1)
            {
                channels.Add(channel);
            }
        }

        return channels;
    }

    private static NotifyChannelConfig ReadAlertmanager(YamlSection s, string? name)
    {
        var urls = new List<Uri>();
        var items = s.StringList("urls", required: true);
        for (var i = 0; i < items.Count; i++)
        {
            if (s.HttpUrl($"{s.FieldPath("urls")}[{i}]", items[i].Value, items[i].Line) is { } uri)
            {
                urls.Add(uri);
            }
        }

        s.RejectUnknownKeys();
        return new NotifyChannelConfig { Name = name ?? "", Kind = NotifyChannelKind.Alertmanager, Urls = urls };
    }

    private static NotifyChannelConfig ReadPagerDuty(YamlSection s, string? name)
    {
        var literal = s.String("routingKey");
        var env = s.String("routingKeyEnv");
        string? key = null;
        if (literal is not null && env is not null)
        {
            s.Errors.Add(s.FieldPath("routingKey"), LineOf(s, "routingKey"), "give either routingKey or routingKeyEnv, not both");
        }
        else if (literal is not null)
        {
            key = literal;
        }
        else if (env is not null)
        {
            if (!ValidEnvName().IsMatch(env))
            {
                s.Errors.Add(s.FieldPath("routingKeyEnv"), LineOf(s, "routingKeyEnv"), $"'{env}' is not an environment variable name");
            }
            else
            {
                key = Environment.GetEnvironmentVariable(env);
                if (string.IsNullOrWhiteSpace(key))
                {
                    s.Errors.Add(s.FieldPath("routingKeyEnv"), LineOf(s, "routingKeyEnv"), $"environment variable {env} is not set or empty");
                    key = null;
                }
            }
        }
        else
        {
            s.Errors.Add(s.FieldPath("routingKey"), s.Line, "is required (or routingKeyEnv naming an environment variable that holds it)");
        }

        if (key is not null && !ValidRoutingKey().IsMatch(key))
        {
            // Never echo the value: a near-miss key is still a secret.
            var field = literal is not null ? "routingKey" : "routingKeyEnv";
            s.Errors.Add(s.FieldPath(field), LineOf(s, field), $"is not a PagerDuty Events v2 integration key: expected 32 letters or digits, got {key.Length} characters");
            key = null;
        }

        var urlText = s.String("url") ?? "https://events.pagerduty.com/v2/enqueue";
        var url = s.HttpUrl(s.FieldPath("url"), urlText, LineOf(s, "url"));
        var perMinute = s.Int("eventsPerMinute", 1, 120) ?? 120;
        s.RejectUnknownKeys();
        return new NotifyChannelConfig
        {
            Name = name ?? "",
            Kind = NotifyChannelKind.PagerDuty,
            Urls = url is null ? [] : [url],
            RoutingKey = key is null ? null : new Secret(key),
            EventsPerMinute = perMinute,
        };
    }

    private static NotifyChannelConfig ReadWebhook(YamlSection s, string? name)
    {
        var text = s.String("url", required: true);
        var url = text is null ? null : s.HttpUrl(s.FieldPath("url"), text, LineOf(s, "url"));
        s.RejectUnknownKeys();
        return new NotifyChannelConfig { Name = name ?? "", Kind = NotifyChannelKind.Webhook, Urls = url is null ? [] : [url] };
    }

    private static List<NotifyRouteConfig> ReadRoutes(YamlSection s, HashSet<string> names, List<NotifyChannelConfig> channels, string? fallback)
    {
        var routes = new List<NotifyRouteConfig>();
        var routesNode = s.Node("routes");
        foreach (var r in s.SectionList("routes"))
        {
            var severities = new List<Severity>();
            foreach (var (value, line) in r.StringList("severities", required: true))
            {
                var match = Enum.GetValues<Severity>().Where(v => Names.Kebab(v) == value).ToList();
                if (match.Count == 0)
                {
                    r.Errors.Add(r.FieldPath("severities"), line, $"'{value}' is not a severity; use page or warning");
                }
                else
                {
                    severities.Add(match[0]);
                }
            }

            var targets = new List<string>();
            foreach (var (value, line) in r.StringList("channels", required: true))
            {
                if (!names.Contains(value))
                {
                    r.Errors.Add(r.FieldPath("channels"), line, $"'{value}' is not a channel; known: {string.Join(", ", names.Order(StringComparer.Ordinal))}");
                }
                else
                {
                    targets.Add(value);
                }
            }

            r.RejectUnknownKeys();
            routes.Add(new NotifyRouteConfig(severities, targets));
        }

        if (routesNode is null)
        {
            // No routes: every channel but the fallback takes every severity.
            var all = channels.Where(c => c.Name != fallback).Select(c => c.Name).ToList();
            if (all.Count > 0)
            {
                routes.Add(new NotifyRouteConfig(Enum.GetValues<Severity>(), all));
            }
        }

        if (fallback is null && channels.Count > 0 && s.Errors.All.Count == 0)
        {
            foreach (var severity in Enum.GetValues<Severity>())
            {
                if (!routes.Any(r => r.Severities.Contains(severity) && r.Channels.Count > 0))
                {
                    s.Errors.Add(s.FieldPath("routes"), routesNode is null ? s.Line : YamlSection.LineOf(routesNode),
                        $"no route takes severity '{Names.Kebab(severity)}' and there is no fallback; it would be delivered nowhere");
                }
            }
        }

        return routes;
    }
}
