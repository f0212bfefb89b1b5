using QuorumMonitor.MySql.Model;

namespace QuorumMonitor.MySql.Rules;

/// <summary>
/// Nothing listens (refused) or the host does not answer TCP at all: the server is dead, not frozen. Not raised for a
/// replica under a restart permit (or the primary under a forced one); the primary down without one pages as always,
/// naming the permits held.
/// </summary>
public sealed class MySqlDownRule : MySqlInstanceRule
{
    public const string AlertName = "MySqlDown";

    public override string Name => AlertName;

    protected override bool PassedThroughByRestart => true;

    /// <summary>A primary its replicas still replicate from is unreachable from the monitor only: <c>MonitorCannotReach</c>.</summary>
    protected override bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult instance) =>
        instance.IsDown && !(ReferenceEquals(instance, cluster.Primary) && cluster.ReplicaView.PrimaryUnreachableFromMonitor);

    protected override string Summary(MySqlClusterObservation c, MySqlInstanceResult i) =>
        $"MySQL {MySqlText.Describe(i)} of {c.Cluster.Name} is {MySqlText.State(i)}"
        + (ReferenceEquals(i, c.Primary) ? Confirmation(c) : "")
        + $"; {Standbys(c)}";

    private static string Confirmation(MySqlClusterObservation c) => c.ReplicaView.Confirming.Count > 0
        ? $", confirmed by {c.ReplicaView.Confirming.Count} replica(s) ({string.Join("; ", c.ReplicaView.Confirming.Select(MySqlReplicaView.Why))})"
        : c.Replicas.Count > 0 ? ", not confirmed by any replica (none the monitor reaches reports its IO thread)" : "";
}
