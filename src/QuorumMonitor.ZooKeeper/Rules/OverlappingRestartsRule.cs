using System.Globalization;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Rules.Restarts;
using QuorumMonitor.ZooKeeper.Model;

namespace QuorumMonitor.ZooKeeper.Rules;

/// <summary>
/// Warning: two or more members failed or restarted without permits within <c>correlation.commonCauseWindow</c>,
/// while the ensemble kept its quorum — the near miss before the outage where a config tool restarts members together.
/// Raised on its own (not only as a note on another incident) until the window has passed since the latest change.
/// A quorum loss in between is the page's story instead (the changes before it are left out).
/// </summary>
public sealed class OverlappingRestartsRule : Rule<ZooKeeperEnsembleObservation>, IRule
{
    public const string AlertName = UnplannedRestarts.OverlappingAlert;

    public override string Name => AlertName;

    /// <summary>The members down are part of the overlap; the overlap is what to act on (find the tool that did it).</summary>
    public IReadOnlyCollection<string> Explains { get; } =
        [ZooKeeperMemberDownRule.AlertName, ZooKeeperNoFaultToleranceRule.AlertName, RestartWithoutPermitRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(ZooKeeperEnsembleObservation e)
    {
        if (!e.HasQuorum || UnplannedRestarts.Overlap(e.UnplannedChanges) is not { } o)
        {
            yield break;
        }

        yield return new AlertCandidate(AlertName, Severity.Warning, e.Cluster,
            string.Create(CultureInfo.InvariantCulture,
                $"{o.Members.Count} of {e.Members.Count} members of ZooKeeper ensemble {e.Cluster.Name} {o.What} without permits within {o.SpanSeconds:0.#} s ({string.Join(", ", o.Members)}); "
                + $"quorum held, {e.FaultToleranceLeft} more failure(s) tolerated now. Serialise restarts with `monitor permit acquire`."));
    }
}
