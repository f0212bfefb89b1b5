using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Galera.Rules;

/// <summary>Page: no reachable node is in a Primary component. The cluster refuses every write (and most reads).</summary>
public sealed class GaleraQuorumLostRule : Rule<GaleraClusterObservation>, IRule
{
    public const string AlertName = "GaleraQuorumLost";

    public override string Name => AlertName;

    /// <summary>Nodes go down one probe apart; the quorum loss, not the first node seen down, is what to page on.</summary>
    public IReadOnlyCollection<string> Explains { get; } =
        [GaleraNoFaultToleranceRule.AlertName, GaleraNodeNotSyncedRule.AlertName, GaleraNodeDownRule.AlertName, GaleraFlowControlRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(GaleraClusterObservation c)
    {
        if (c.HasQuorum || c.Nodes.Count == 0)
        {
            yield break;
        }

        var answering = c.Nodes.Count(n => n.IsAnswering);
        var why = answering == 0 ? "no node answers the monitor" : $"{answering} of {c.Nodes.Count} nodes answer, none in a Primary component";
        yield return new AlertCandidate(AlertName, Severity.Page, c.Cluster,
            $"Galera cluster {c.Cluster.Name} has lost quorum ({why}); {GaleraText.Describe(c.Nodes)}");
    }
}
