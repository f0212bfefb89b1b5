using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>Warning: more than one member claims to lead, or serving members disagree on the leader epoch.</summary>
public sealed class ZooKeeperLeaderConflictRule : Rule<ZooKeeperEnsembleObservation>
{
    public const string AlertName = "ZooKeeperLeaderConflict";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(ZooKeeperEnsembleObservation e)
    {
        if (e.Leaders.Count > 1)
        {
            yield return new AlertCandidate(AlertName, Severity.Warning, e.Cluster,
                $"ZooKeeper ensemble {e.Cluster.Name} has {e.Leaders.Count} members claiming leadership: {string.Join(", ", e.Leaders)}");
        }
        else if (e.Epochs.Count > 1)
        {
            yield return new AlertCandidate(AlertName, Severity.Warning, e.Cluster,
                $"ZooKeeper ensemble {e.Cluster.Name} members disagree on the leader epoch: {string.Join(", ", e.Epochs)}");
        }
    }
}
