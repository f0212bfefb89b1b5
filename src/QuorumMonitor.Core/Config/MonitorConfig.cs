using QuorumMonitor.Core.Kinds;

namespace QuorumMonitor.Core.Config;

/// <summary>The whole validated config file.</summary>
public sealed record MonitorConfig
{
    public MonitorSettings Monitor { get; init; } = new();

    public CorrelationSettings Correlation { get; init; } = new();

    public TelemetrySettings Telemetry { get; init; } = new();

    public PermitSettings Permits { get; init; } = new();

    public ApiSettings Api { get; init; } = new();

    /// <summary>What each kind read from its section, by kind name; a kind without a section has none here.</summary>
    public IReadOnlyDictionary<string, IKindSettings> Kinds { get; init; } = new Dictionary<string, IKindSettings>(StringComparer.Ordinal);

    /// <summary>Alert delivery; null when the config has no <c>notify:</c> section.</summary>
    public NotifyConfig? Notify { get; init; }

    /// <summary>
    /// Configured clusters that other shards own (<c>monitor.shard</c>), by name: not in <see cref="Kinds"/>, so
    /// nothing here probes, alerts on or exports them. Empty without shards.
    /// </summary>
    public IReadOnlyList<string> OtherShardsClusters { get; init; } = [];

    public int ClusterCount => Kinds.Values.Sum(k => k.Declarations.Count);

    /// <summary>The clusters of one kind, in its own config type; none when the kind has no section.</summary>
    public IReadOnlyList<T> ClustersOf<T>(string kind) =>
        Kinds.TryGetValue(kind, out var s) && s is KindSettings<T> k ? k.Clusters : [];

    /// <summary>This config with <paramref name="kind"/>'s settings replaced (hand-built configs: tests, benchmarks).</summary>
    public MonitorConfig WithKind(string kind, IKindSettings settings) =>
        this with { Kinds = new Dictionary<string, IKindSettings>(Kinds, StringComparer.Ordinal) { [kind] = settings } };
}
