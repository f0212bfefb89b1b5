using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Rules.Restarts;
using QuorumMonitor.ZooKeeper.Model;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>
/// Warning per member that failed or restarted without a permit while another member was under one: something
/// restarts members behind the permits' back, and the permit's arithmetic (one member at a time) no longer holds.
/// Raised for <c>correlation.commonCauseWindow</c> after the change (a quick restart is over before anyone looks).
/// </summary>
public sealed class RestartWithoutPermitRule : Rule<ZooKeeperEnsembleObservation>, IRule
{
    public const string AlertName = UnplannedRestarts.WithoutPermitAlert;

    public override string Name => AlertName;

    /// <summary>The member is down too; what matters is that it went down unplanned while a restart was under way.</summary>
    public IReadOnlyCollection<string> Explains { get; } = [ZooKeeperMemberDownRule.AlertName, ZooKeeperNoFaultToleranceRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(ZooKeeperEnsembleObservation e)
    {
        foreach (var c in UnplannedRestarts.DuringOthersPermits(e.UnplannedChanges))
        {
            yield return new AlertCandidate(AlertName, Severity.Warning, e.Cluster,
                $"ZooKeeper member {c.Member} of {e.Cluster.Name} {(c.Restart ? "restarted" : "went down")} at {c.At:HH:mm:ss}Z without a permit "
                + $"while another member is under one ({c.DuringPermit}); the ensemble tolerates {e.FaultToleranceLeft} more failure(s)",
                new Dictionary<string, string> { ["member"] = c.Member });
        }
    }
}
