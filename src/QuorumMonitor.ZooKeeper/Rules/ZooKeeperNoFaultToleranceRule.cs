using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>Warning: quorum holds, but one more failure (or one more restart) loses it.</summary>
public sealed class ZooKeeperNoFaultToleranceRule : Rule<ZooKeeperEnsembleObservation>, IRule
{
    public const string AlertName = "ZooKeeperNoFaultTolerance";

    public override string Name => AlertName;

    public IReadOnlyCollection<string> Explains { get; } = [ZooKeeperMemberDownRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(ZooKeeperEnsembleObservation e)
    {
        // A single-voter ensemble is standalone by design; it never had fault tolerance to lose.
        if (!e.HasQuorum || e.FaultToleranceLeft > 0 || e.Voters < 2)
        {
            yield break;
        }

        yield return new AlertCandidate(AlertName, Severity.Warning, e.Cluster,
            $"ZooKeeper ensemble {e.Cluster.Name} can tolerate 0 more failures: {e.ServingVoters} of {e.Voters} voters serving, "
            + $"quorum {e.Quorum}; {ZooKeeperMemberText.Describe(e.NotServing)}. Do not restart any member.");
    }
}
