using QuorumMonitor.MySql.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;

namespace QuorumMonitor.MySql.Rules;

/// <summary>Warning per replica that replicates but is further behind than the cluster's lag threshold.</summary>
public sealed class MySqlReplicationLagRule : MySqlInstanceRule
{
    public const string AlertName = "MySqlReplicationLag";

    public override string Name => AlertName;

    protected override bool PassedThroughByRestart => true;

    protected override Severity SeverityFor(MySqlInstanceResult instance) => Severity.Warning;

    protected override bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult i) =>
        i.Role == MySqlRole.Replica && i.IsAnswering && i.Replication is { Running: true } && i.LagSeconds is { } lag
        && lag > cluster.LagThreshold.TotalSeconds;

    protected override string Summary(MySqlClusterObservation c, MySqlInstanceResult i) =>
        $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name} is {i.LagSeconds:0.#} s behind its primary "
        + $"({(i.HeartbeatLagSeconds is null ? "Seconds_Behind_Master" : "heartbeat")}; threshold {c.LagThreshold.TotalSeconds:0.#} s); {Standbys(c)}";
}
