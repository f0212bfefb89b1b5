using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>
/// Warning per member that clients cannot use. Members that are up but without quorum are left to
/// <see cref="ZooKeeperQuorumLostRule"/>: they are a consequence, not a separate failure. A member under a restart
/// permit is down on purpose and is not raised either (the status says "planned restart").
/// </summary>
public sealed class ZooKeeperMemberDownRule : Rule<ZooKeeperEnsembleObservation>
{
    public const string AlertName = "ZooKeeperMemberDown";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(ZooKeeperEnsembleObservation e)
    {
        foreach (var m in e.NotServing)
        {
            if ((m.State == ZooKeeperMemberState.NotServing && !e.HasQuorum) || e.PlannedFor(m.UnitId) is not null)
            {
                continue;
            }

            yield return new AlertCandidate(AlertName, Severity.Warning, e.Cluster,
                $"ZooKeeper member {m.Address} of {e.Cluster.Name} is {ZooKeeperMemberText.StateText(m)}; "
                + $"the ensemble tolerates {e.FaultToleranceLeft} more failure(s)",
                new Dictionary<string, string> { ["member"] = m.Address.ToString() });
        }
    }
}
