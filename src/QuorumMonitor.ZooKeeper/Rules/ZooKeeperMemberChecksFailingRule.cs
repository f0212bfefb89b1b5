using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>
/// Warning per serving member whose extra checks (mntr, AdminServer, client session) failed or whose answers had
/// unreadable fields. srvr still counts the member as serving, so this never feeds a quorum page; it only says that
/// part of what the monitor knows about the member is missing this round.
/// </summary>
public sealed class ZooKeeperMemberChecksFailingRule : Rule<ZooKeeperEnsembleObservation>
{
    public const string AlertName = "ZooKeeperMemberChecksFailing";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(ZooKeeperEnsembleObservation e)
    {
        foreach (var m in e.Members)
        {
            if (m.State != ZooKeeperMemberState.Serving || m.Problems.Count == 0)
            {
                continue;
            }

            yield return new AlertCandidate(AlertName, Severity.Warning, e.Cluster,
                $"ZooKeeper member {m.Address} of {e.Cluster.Name} serves (srvr), but {string.Join("; ", m.Problems)}",
                new Dictionary<string, string> { ["member"] = m.Address.ToString() });
        }
    }
}
