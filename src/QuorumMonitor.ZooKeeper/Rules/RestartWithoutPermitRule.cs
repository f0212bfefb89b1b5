using QuorumMonitor.Core.Probing;
using QuorumMonitor.Rules.Restarts;
using QuorumMonitor.ZooKeeper.Model;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>
/// A member went down or restarted without a permit while another member was under one: the permit's arithmetic
/// (one member at a time) no longer holds.
/// </summary>
public sealed class RestartWithoutPermitRule : RestartWithoutPermitRuleBase<ZooKeeperEnsembleObservation>
{
    public const string AlertName = UnplannedRestarts.WithoutPermitAlert;

    /// <summary>The member is down too; what matters is that it went down unplanned while a restart was under way.</summary>
    public override IReadOnlyCollection<string> Explains { get; } = [ZooKeeperMemberDownRule.AlertName, ZooKeeperNoFaultToleranceRule.AlertName];

    protected override string Summary(ZooKeeperEnsembleObservation e, MemberChange c) =>
        $"ZooKeeper member {c.Member} of {e.Cluster.Name} {(c.Restart ? "restarted" : "went down")} at {c.At:HH:mm:ss}Z without a permit "
        + $"while another member is under one ({c.DuringPermit}); the ensemble tolerates {e.FaultToleranceLeft} more failure(s)";
}
