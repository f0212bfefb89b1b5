using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Galera.Rules;

/// <summary>
/// Warning per node the monitor cannot read: refused, unreachable, hung, or refusing the monitor. Whether that costs
/// quorum is <see cref="GaleraNoFaultToleranceRule"/> and <see cref="GaleraQuorumLostRule"/>; this names the node.
/// </summary>
public sealed class GaleraNodeDownRule : Rule<GaleraClusterObservation>
{
    public const string AlertName = "GaleraNodeDown";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(GaleraClusterObservation c) =>
        // A node down under a restart permit is down on purpose (the status shows the permit).
        c.Nodes.Where(n => !n.IsAnswering && c.PlannedFor(n.Name) is null).Select(n => new AlertCandidate(AlertName, Severity.Warning, c.Cluster,
            $"Galera node {n.Name} of {c.Cluster.Name} is {GaleraText.State(n)}; fault tolerance left {c.FaultToleranceLeft}",
            new Dictionary<string, string> { ["node"] = n.Name, ["state"] = Names.Kebab(n.State) }));
}
