using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Galera.Rules;

/// <summary>
/// Warning per node that answers but is not Synced: Donor/Desynced (serving an SST or <c>wsrep_desync=ON</c>),
/// Joining, Joined, or outside the Primary component. It is up, and not a voter one can count on.
/// </summary>
public sealed class GaleraNodeNotSyncedRule : Rule<GaleraClusterObservation>
{
    public const string AlertName = "GaleraNodeNotSynced";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(GaleraClusterObservation c) =>
        // A node under a restart permit is still rejoining (IST/SST) on purpose; the permit ends once it is Synced.
        c.Nodes.Where(n => n.IsAnswering && !n.IsSafeVoter && c.PlannedFor(n.Name) is null).Select(n => new AlertCandidate(AlertName, Severity.Warning, c.Cluster,
            $"Galera node {n.Name} of {c.Cluster.Name} is not synced: {Why(n)}; it is not counted as a voter "
            + $"(fault tolerance left {c.FaultToleranceLeft})",
            new Dictionary<string, string> { ["node"] = n.Name }));

    private static string Why(GaleraNodeResult n) =>
        !n.IsPrimary ? $"wsrep_cluster_status is {n.ClusterStatus}"
        : n.Ready != true ? $"wsrep_ready is OFF ({n.LocalStateComment})"
        : $"wsrep_local_state_comment is {n.LocalStateComment}";
}
