using QuorumMonitor.Core.Config.MySql;

namespace QuorumMonitor.Core.Config;

/// <summary>The whole validated config file.</summary>
public sealed record MonitorConfig
{
    public MonitorSettings Monitor { get; init; } = new();

    public CorrelationSettings Correlation { get; init; } = new();

    public TelemetrySettings Telemetry { get; init; } = new();

    public IReadOnlyList<ZooKeeperClusterConfig> ZooKeeper { get; init; } = [];

    public IReadOnlyList<MySqlClusterConfig> MySql { get; init; } = [];

    public IReadOnlyList<KafkaClusterConfig> Kafka { get; init; } = [];

    /// <summary>Alert delivery; null when the config has no <c>notify:</c> section.</summary>
    public NotifyConfig? Notify { get; init; }

    public int ClusterCount => ZooKeeper.Count + Kafka.Count + MySql.Count;
}
