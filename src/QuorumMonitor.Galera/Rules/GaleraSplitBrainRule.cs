using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Galera.Rules;

/// <summary>
/// Page: two Primary components both taking writes, or writers on different state UUIDs (a second bootstrap, a
/// node started with <c>pc.ignore_quorum</c>). Their data diverges with every commit. A view change seen half before
/// and half after by one round of probes looks the same for that round: the rule evaluator's confirmation rounds absorb it.
/// </summary>
public sealed class GaleraSplitBrainRule : Rule<GaleraClusterObservation>, IRule
{
    public const string AlertName = "GaleraSplitBrain";

    public override string Name => AlertName;

    public IReadOnlyCollection<string> Explains { get; } =
        [GaleraNoFaultToleranceRule.AlertName, GaleraNodeNotSyncedRule.AlertName, GaleraNodeDownRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(GaleraClusterObservation c)
    {
        if (!c.IsSplitBrain)
        {
            yield break;
        }

        var writers = c.Components.Where(p => p.AcceptsWrites).Select(p => $"[{p}]");
        yield return new AlertCandidate(AlertName, Severity.Page, c.Cluster,
            $"Galera cluster {c.Cluster.Name} is split: {c.Components.Count(p => p.AcceptsWrites)} components accept writes independently: "
            + $"{string.Join(" and ", writers)}. Stop writes to all but one side before anything else.");
    }
}
