using QuorumMonitor.Core.Config;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace QuorumMonitor.Kafka.Config;

/// <summary>Reads and validates the <c>kafka:</c> list.</summary>
internal static class KafkaConfigReader
{
    public static IReadOnlyList<KafkaClusterConfig> Read(YamlSection root, ISet<string> clusterNames, ICollection<ClusterReference> references)
    {
        var clusters = new List<KafkaClusterConfig>();
        foreach (var s in root.SectionList("kafka"))
        {
            var name = ClusterNames.Read(s, clusterNames);
            var bootstrap = s.String("bootstrapServers", required: true);
            if (bootstrap is not null)
            {
                CheckBootstrap(s, bootstrap);
            }

            var dependsOn = new List<string>();
            foreach (var (value, line) in s.StringList("dependsOn"))
            {
                dependsOn.Add(value);
                references.Add(new ClusterReference(value, s.FieldPath("dependsOn"), line));
            }

            var groups = ReadGroups(s);
            var lag = ReadLag(s.Section("lag"));
            var network = ReadNetwork(s.Section("network"));
            var security = ReadSecurity(s);
            var deadline = s.Duration("deadline", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1));
            var minInsync = s.Int("minInsyncReplicas", 1, 100) ?? KafkaClusterConfig.DefaultMinInsyncReplicas;
            var forget = s.Duration("forgetBrokersAfter", TimeSpan.FromMinutes(1), TimeSpan.FromDays(30)) ?? KafkaClusterConfig.DefaultForgetBrokersAfter;
            s.RejectUnknownKeys();
            if (name is not null && bootstrap is not null)
            {
                clusters.Add(new KafkaClusterConfig
                {
                    Name = name,
                    BootstrapServers = bootstrap,
                    DependsOn = dependsOn,
                    ConsumerGroups = groups,
                    Lag = lag,
                    Network = network,
                    Security = security,
                    Deadline = deadline,
                    ForgetBrokersAfter = forget,
                    MinInsyncReplicas = minInsync,
                });
            }
        }

        return clusters;
    }

    private static void CheckBootstrap(YamlSection s, string bootstrap)
    {
        foreach (var part in bootstrap.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!HostPort.TryParse(part, out _, out var problem))
            {
                s.Errors.Add(s.FieldPath("bootstrapServers"), YamlSection.LineOf(s.Node("bootstrapServers")!), problem);
            }
        }
    }

    /// <summary>Each entry is a group name, or <c>{name: billing, sink: metrics-db}</c>.</summary>
    private static List<KafkaConsumerGroupConfig> ReadGroups(YamlSection s)
    {
        var groups = new List<KafkaConsumerGroupConfig>();
        var node = s.Node("consumerGroups");
        if (node is null)
        {
            return groups;
        }

        if (node is not YamlSequenceNode seq)
        {
            s.Errors.Add(s.FieldPath("consumerGroups"), YamlSection.LineOf(node), "must be a list of group names or {name, sink} mappings");
            return groups;
        }

        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = $"{s.FieldPath("consumerGroups")}[{i}]";
            KafkaConsumerGroupConfig? group = seq.Children[i] switch
            {
                YamlScalarNode { Value: { Length: > 0 } } scalar => s.Printable(path, scalar) is { } value ? new KafkaConsumerGroupConfig(value) : null,
                YamlMappingNode map => ReadGroup(new YamlSection(map, path, s.Errors)),
                var other => Invalid(s.Errors, path, other),
            };
            if (group is null)
            {
                continue;
            }

            if (groups.Any(g => g.Name == group.Name))
            {
                s.Errors.Add(path, YamlSection.LineOf(seq.Children[i]), $"group '{group.Name}' is listed twice");
                continue;
            }

            groups.Add(group);
        }

        return groups;
    }

    private static KafkaConsumerGroupConfig? Invalid(ConfigErrors errors, string path, YamlNode node)
    {
        errors.Add(path, YamlSection.LineOf(node), "must be a group name or a mapping {name: GROUP, sink: CLUSTER}");
        return null;
    }

    private static KafkaConsumerGroupConfig? ReadGroup(YamlSection g)
    {
        var name = g.String("name", required: true);
        var sink = g.String("sink");
        if (sink is not null && !ClusterNames.IsValid(sink))
        {
            g.Errors.Add(g.FieldPath("sink"), YamlSection.LineOf(g.Node("sink")!), $"'{sink}' is not a cluster name (1-63 letters, digits, '.', '_' or '-')");
            sink = null;
        }

        g.RejectUnknownKeys();
        return name is null ? null : new KafkaConsumerGroupConfig(name, sink);
    }

    private static KafkaLagConfig ReadLag(YamlSection? s)
    {
        var defaults = new KafkaLagConfig();
        if (s is null)
        {
            return defaults;
        }

        var lag = new KafkaLagConfig
        {
            Threshold = s.Duration("threshold", TimeSpan.FromSeconds(1), TimeSpan.FromDays(30)) ?? defaults.Threshold,
            WindowRounds = s.Int("windowRounds", 3, 100) ?? defaults.WindowRounds,
            DiscoverGroups = s.Bool("discoverGroups") ?? defaults.DiscoverGroups,
            ActiveWithin = s.Duration("activeWithin", TimeSpan.FromSeconds(10), TimeSpan.FromDays(30)) ?? defaults.ActiveWithin,
            TimestampLookups = s.Int("timestampLookups", 0, 100_000) ?? defaults.TimestampLookups,
            SeriesGrace = s.Duration("seriesGrace", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)) ?? defaults.SeriesGrace,
            MaxGroups = s.Int("maxGroups", 1, 100_000) ?? defaults.MaxGroups,
            MaxTopicsPerGroup = s.Int("maxTopicsPerGroup", 1, 100_000) ?? defaults.MaxTopicsPerGroup,
        };
        s.RejectUnknownKeys();
        return lag;
    }

    private static KafkaNetworkConfig? ReadNetwork(YamlSection? s)
    {
        if (s is null)
        {
            return null;
        }

        var defaults = new KafkaNetworkConfig { Brokers = new Dictionary<int, string>() };
        var capacity = s.Double("capacityMbps", 0.001, 10_000_000);
        var threshold = s.Double("threshold", 0.01, 1.0) ?? defaults.Threshold;
        var device = s.String("device") ?? defaults.Device;
        var horizon = s.Duration("horizon", TimeSpan.FromMinutes(1), TimeSpan.FromDays(365)) ?? defaults.Horizon;
        var window = s.Duration("forecastWindow", TimeSpan.FromMinutes(1), TimeSpan.FromDays(90)) ?? defaults.ForecastWindow;
        Uri? prometheus = null;
        if (s.String("prometheusUrl") is { } promText)
        {
            prometheus = s.HttpUrl(s.FieldPath("prometheusUrl"), promText, YamlSection.LineOf(s.Node("prometheusUrl")!));
        }

        var brokers = new Dictionary<int, string>();
        var node = s.Node("brokers");
        if (node is null)
        {
            s.Errors.Add(s.FieldPath("brokers"), s.Line, "is required: a node_exporter URL (or, with prometheusUrl, an instance label) per broker id");
        }
        else if (node is not YamlMappingNode map)
        {
            s.Errors.Add(s.FieldPath("brokers"), YamlSection.LineOf(node), "must map broker ids to node_exporter URLs or instance labels");
        }
        else
        {
            foreach (var (k, v) in map.Children)
            {
                var key = (k as YamlScalarNode)?.Value ?? "";
                var path = $"{s.FieldPath("brokers")}.{key}";
                if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    s.Errors.Add(path, YamlSection.LineOf(k), $"'{key}' is not a broker id (a whole number)");
                    continue;
                }

                if (v is not YamlScalarNode { Value: { Length: > 0 } } scalar)
                {
                    s.Errors.Add(path, YamlSection.LineOf(v), "must be a URL or an instance label");
                    continue;
                }

                if (s.Printable(path, scalar) is not { } target)
                {
                    continue;
                }

                if (prometheus is null && s.HttpUrl(path, target, YamlSection.LineOf(v)) is null)
                {
                    continue;
                }

                brokers[id] = target;
            }
        }

        s.RejectUnknownKeys();
        return new KafkaNetworkConfig
        {
            CapacityMbps = capacity,
            Threshold = threshold,
            Device = device,
            Horizon = horizon,
            ForecastWindow = window,
            Brokers = brokers,
            PrometheusUrl = prometheus,
        };
    }

    private static KafkaSecurityConfig ReadSecurity(YamlSection s)
    {
        var node = s.Node("security");
        if (node is null)
        {
            return KafkaSecurityConfig.None;
        }

        if (node is not YamlMappingNode map)
        {
            s.Errors.Add(s.FieldPath("security"), YamlSection.LineOf(node), "must map librdkafka properties (security.protocol, sasl.*, ssl.*) to values");
            return KafkaSecurityConfig.None;
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            var path = $"{s.FieldPath("security")}.{key}";
            if (!KafkaSecurityConfig.IsAllowedKey(key))
            {
                s.Errors.Add(path, YamlSection.LineOf(k), "only security.protocol, sasl.* and ssl.* properties are allowed here");
                continue;
            }

            if (!KafkaSecurityRules.IsKnown(key))
            {
                s.Errors.Add(path, YamlSection.LineOf(k), "is not a librdkafka security property");
                continue;
            }

            // The value is never echoed: it may be a password.
            if (v is not YamlScalarNode scalar || s.Printable(path, scalar) is not { } value)
            {
                if (v is not YamlScalarNode)
                {
                    s.Errors.Add(path, YamlSection.LineOf(v), "must be a single value");
                }

                continue;
            }

            if (KafkaSecurityRules.CheckValue(key, value) is { } problem)
            {
                s.Errors.Add(path, YamlSection.LineOf(v), problem);
                continue;
            }

            properties[key] = value;
            lines[key] = YamlSection.LineOf(v);
        }

        // Combinations are judged only on a complete set: a rejected value would make them report a second, wrong problem.
        var complete = properties.Count == map.Children.Count;
        foreach (var (key, problem) in complete ? KafkaSecurityRules.CheckTogether(properties) : [])
        {
            s.Errors.Add($"{s.FieldPath("security")}.{key}", lines.GetValueOrDefault(key, YamlSection.LineOf(node)), problem);
        }

        return new KafkaSecurityConfig(properties);
    }
}
