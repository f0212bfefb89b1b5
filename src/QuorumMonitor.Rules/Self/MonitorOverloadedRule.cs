using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Self;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Rules.Self;

/// <summary>
/// Page the monitor's owners: the monitor cannot keep its own schedule, so the timeouts it measures say more about it
/// than about its targets. While it fires (and until the monitor has been punctual for long enough to re-confirm),
/// the clusters' new incidents are held as suspect instead of paged.
/// </summary>
public sealed class MonitorOverloadedRule : Rule<MonitorSelfObservation>, IRule
{
    public const string AlertName = "MonitorOverloaded";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(MonitorSelfObservation self)
    {
        if (!self.Overloaded)
        {
            yield break;
        }

        yield return new AlertCandidate(AlertName, Severity.Page, self.Cluster,
            $"Quorum Monitor is overloaded: {string.Join("; ", self.Load!.Overload)}. {self.Describe()}. "
            + "Pages for the clusters are held (shown as suspect) until the monitor keeps its schedule again.");
    }
}
