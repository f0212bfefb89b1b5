using QuorumMonitor.Core.Config;
namespace QuorumMonitor.MySql.Config;

/// <summary>One <c>mysql:</c> entry: a primary and its replicas.</summary>
public sealed record MySqlClusterConfig
{
    public static readonly TimeSpan DefaultLagThreshold = TimeSpan.FromSeconds(30);

    public required string Name { get; init; }

    /// <summary>Clusters this one depends on (edges for correlation).</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    public required IReadOnlyList<MySqlInstanceConfig> Instances { get; init; }

    public TimeSpan? Deadline { get; init; }

    /// <summary>A replica further behind than this is not a standby one could fail over to.</summary>
    public TimeSpan LagThreshold { get; init; } = DefaultLagThreshold;

    public MySqlHeartbeatConfig? Heartbeat { get; init; }
}
