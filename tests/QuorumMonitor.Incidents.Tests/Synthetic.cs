using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Incidents.Tests;

/// <summary>A cluster observation that simply carries the alert conditions true now (name, severity, labels).</summary>
internal sealed record Synthetic(ClusterRef Cluster, DateTimeOffset At, params (string Name, Severity Severity, string? Group)[] Conditions)
    : ClusterObservation(Cluster, At)
{
    public override ClusterReport ToReport() => new() { Kind = Cluster.Kind, Name = Cluster.Name, State = Conditions.Length == 0 ? "ok" : "degraded" };
}

internal sealed class SyntheticRule : Rule<Synthetic>
{
    public override string Name => "Synthetic";

    protected override IEnumerable<AlertCandidate> Evaluate(Synthetic o) =>
        o.Conditions.Select(c => new AlertCandidate(c.Name, c.Severity, o.Cluster, $"{c.Name} on {o.Cluster.Name}",
            c.Group is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [TopologyNode.GroupLabel] = c.Group }));
}
