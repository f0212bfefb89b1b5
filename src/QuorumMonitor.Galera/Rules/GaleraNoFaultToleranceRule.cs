using System.Globalization;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Galera.Rules;

/// <summary>Warning: a Primary component holds, but one more failure (or one more restart) may lose it.</summary>
public sealed class GaleraNoFaultToleranceRule : Rule<GaleraClusterObservation>, IRule
{
    public const string AlertName = "GaleraNoFaultTolerance";

    public override string Name => AlertName;

    public IReadOnlyCollection<string> Explains { get; } = [GaleraNodeDownRule.AlertName, GaleraNodeNotSyncedRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(GaleraClusterObservation c)
    {
        // A single node never had fault tolerance to lose; a split brain pages on its own.
        // Nor while the nodes that are not safe voters are all under restart permits: the permit already refuses any
        // other restart until they are back (as for ZooKeeper).
        var notSafeNodes = c.NotSafe.ToList();
        if (!c.HasQuorum || c.FaultToleranceLeft > 0 || c.Nodes.Count < 2 || c.IsSplitBrain
            || (notSafeNodes.Count > 0 && notSafeNodes.All(n => c.PlannedFor(n.Name) is not null)))
        {
            yield break;
        }

        var notSafe = notSafeNodes;
        yield return new AlertCandidate(AlertName, Severity.Warning, c.Cluster,
            $"Galera cluster {c.Cluster.Name} can tolerate 0 more failures: {c.SafeVoters.Count} of {c.Nodes.Count} nodes are safe voters "
            + $"(weight {c.SafeVoterWeight.ToString(CultureInfo.InvariantCulture)} of {c.TotalWeight.ToString(CultureInfo.InvariantCulture)}, "
            + $"quorum {c.QuorumWeight.ToString(CultureInfo.InvariantCulture)}); {GaleraText.Describe(notSafe)}. Do not restart or desync any node.",
            new Dictionary<string, string>());
    }
}
