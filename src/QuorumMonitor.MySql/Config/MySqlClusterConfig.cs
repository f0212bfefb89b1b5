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

    /// <summary>
    /// Healthy standbys a replica's restart permit must leave (before <c>permits.minFaultToleranceAfter</c>): 1 by
    /// default, so the primary always keeps a failover target; 0 where the cluster needs none (a reporting replica).
    /// </summary>
    public int MinStandbys { get; init; } = DefaultMinStandbys;

    public const int DefaultMinStandbys = 1;
}
