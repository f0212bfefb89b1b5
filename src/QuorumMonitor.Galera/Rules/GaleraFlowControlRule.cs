using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Galera.Rules;

/// <summary>
/// Warning per node paused by flow control more than the cluster's threshold: a slow applier holds back every
/// writer of the cluster. Measured since the node's previous probe where the server reports nanoseconds.
/// </summary>
public sealed class GaleraFlowControlRule : Rule<GaleraClusterObservation>
{
    public const string AlertName = "GaleraFlowControl";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(GaleraClusterObservation c) =>
        c.Nodes.Where(n => n.IsAnswering && n.FlowControlPausedFraction > c.FlowControlPausedThreshold).Select(n => new AlertCandidate(
            AlertName, Severity.Warning, c.Cluster,
            $"Galera node {n.Name} of {c.Cluster.Name} was paused by flow control {n.FlowControlPausedFraction:P0} of the time "
            + $"(threshold {c.FlowControlPausedThreshold:P0}; receive queue {n.RecvQueue?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}): writes stall cluster-wide",
            new Dictionary<string, string> { ["node"] = n.Name }));
}
