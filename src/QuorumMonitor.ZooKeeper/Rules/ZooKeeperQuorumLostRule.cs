using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>
/// Page: fewer serving voters than a quorum, or no leader. Everything built on the ensemble has stopped. A restart
/// permit never hides it; the page names the permits held, so the on-call sees which restart was planned.
/// </summary>
public sealed class ZooKeeperQuorumLostRule : Rule<ZooKeeperEnsembleObservation>, IRule
{
    public const string AlertName = "ZooKeeperQuorumLost";

    public override string Name => AlertName;

    /// <summary>Members go down one probe apart; the quorum loss, not the first member seen down, is what to page on.</summary>
    public IReadOnlyCollection<string> Explains { get; } =
        [ZooKeeperMemberDownRule.AlertName, ZooKeeperNoFaultToleranceRule.AlertName, ZooKeeperLeaderConflictRule.AlertName,
            RestartWithoutPermitRule.AlertName, OverlappingRestartsRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(ZooKeeperEnsembleObservation e)
    {
        if (e.HasQuorum || e.Members.Count == 0)
        {
            yield break;
        }

        var why = e.ServingVoters >= e.Quorum ? "no leader" : $"{e.ServingVoters} of {e.Voters} voters serving, {e.Quorum} needed";
        // The election a planned restart of the leader causes is expected and short: it pages only if it outlasts the
        // ensemble's electionGrace (the same alert, so a longer one still pages, naming the permit).
        var electing = e.ElectingAfterPlannedRestart;
        yield return new AlertCandidate(AlertName, Severity.Page, e.Cluster,
            $"ZooKeeper ensemble {e.Cluster.Name} has lost quorum ({why}); {ZooKeeperMemberText.Describe(e.NotServing)}"
            + string.Concat(e.PlannedRestarts.Select(p => $"; {p.Member}: {p.Text}"))
            + (electing ? $"; the other voters are electing a new leader (longer than electionGrace {Durations.Format(e.ElectionGrace)})" : ""))
        {
            HoldFor = electing ? e.ElectionGrace : TimeSpan.Zero,
        };
    }
}
