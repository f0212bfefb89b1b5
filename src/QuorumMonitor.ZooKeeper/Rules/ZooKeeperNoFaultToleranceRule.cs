using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>
/// Warning: quorum holds, but one more failure (or one more restart) loses it. Not raised when every member down is
/// under a restart permit: the permit was granted on that arithmetic, and refuses every other restart meanwhile.
/// </summary>
public sealed class ZooKeeperNoFaultToleranceRule : Rule<ZooKeeperEnsembleObservation>, IRule
{
    public const string AlertName = "ZooKeeperNoFaultTolerance";

    public override string Name => AlertName;

    public IReadOnlyCollection<string> Explains { get; } = [ZooKeeperMemberDownRule.AlertName];

    private static bool OnlyPlannedDown(ZooKeeperEnsembleObservation e) =>
        e.PlannedRestarts.Count > 0 && e.NotServing.Any() && e.NotServing.All(m => e.PlannedFor(m.UnitId) is not null);

    protected override IEnumerable<AlertCandidate> Evaluate(ZooKeeperEnsembleObservation e)
    {
        // A single-voter ensemble is standalone by design; it never had fault tolerance to lose.
        if (!e.HasQuorum || e.FaultToleranceLeft > 0 || e.Voters < 2 || OnlyPlannedDown(e))
        {
            yield break;
        }

        yield return new AlertCandidate(AlertName, Severity.Warning, e.Cluster,
            $"ZooKeeper ensemble {e.Cluster.Name} can tolerate 0 more failures: {e.ServingVoters} of {e.Voters} voters serving, "
            + $"quorum {e.Quorum}; {ZooKeeperMemberText.Describe(e.NotServing)}. Do not restart any member.");
    }
}
