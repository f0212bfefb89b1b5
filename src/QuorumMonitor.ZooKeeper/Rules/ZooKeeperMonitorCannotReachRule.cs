using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.ZooKeeper.Model;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>
/// Warning per member the monitor cannot reach while the ensemble's own view still counts it in
/// (<see cref="ZooKeeperClusterView"/>): the path from the monitor is broken, not the member. It counts as serving,
/// so it raises no <c>ZooKeeperMemberDown</c> and no quorum alert; losing the monitor's view is itself worth a look.
/// </summary>
public sealed class ZooKeeperMonitorCannotReachRule : Rule<ZooKeeperEnsembleObservation>
{
    /// <summary>The same name in every kind: one runbook (the kernel's), one alert to route.</summary>
    public const string AlertName = "MonitorCannotReach";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(ZooKeeperEnsembleObservation e)
    {
        foreach (var m in e.Members)
        {
            if (e.VouchFor(m.UnitId) is not { } vouch)
            {
                continue;
            }

            yield return new AlertCandidate(AlertName, Severity.Warning, e.Cluster,
                $"The monitor cannot reach ZooKeeper {(vouch.IsLeader ? "leader" : "member")} {m.Address} of {e.Cluster.Name} "
                + $"({ZooKeeperMemberText.StateText(m)}), but {vouch.Reason}: counted as serving; "
                + $"the ensemble tolerates {e.FaultToleranceLeft} more failure(s). Check the network path from the monitor to it.",
                new Dictionary<string, string> { ["member"] = m.Address.ToString() });
        }
    }
}
