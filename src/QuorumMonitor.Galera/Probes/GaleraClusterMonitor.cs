using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Galera.Config;
using QuorumMonitor.Galera.Model;

namespace QuorumMonitor.Galera.Probes;

/// <summary>One configured Galera cluster: a probe unit per node, assembled into components and quorum.</summary>
public sealed class GaleraClusterMonitor : IClusterMonitor
{
    private readonly IReadOnlyList<GaleraNodeProbe> _nodes;
    private readonly double _flowControlThreshold;

    public GaleraClusterMonitor(GaleraClusterConfig config, MonitorSettings settings, TimeProvider time)
    {
        Cluster = new ClusterRef(GaleraKind.KindName, config.Name);
        _flowControlThreshold = config.FlowControlPausedThreshold;
        var deadline = config.Deadline ?? settings.Deadline;
        _nodes = config.Nodes.Select(n => new GaleraNodeProbe(n, config, deadline, time)).ToList();
    }

    public ClusterRef Cluster { get; }

    public IReadOnlyList<IProbeUnit> Units => _nodes;

    public ClusterObservation Assemble(IReadOnlyList<ProbeResult?> results, DateTimeOffset at)
    {
        var nodes = new List<GaleraNodeResult>(_nodes.Count);
        for (var i = 0; i < _nodes.Count; i++)
        {
            nodes.Add(results[i] as GaleraNodeResult ?? new GaleraNodeResult
            {
                UnitId = _nodes[i].Id,
                At = at,
                Duration = TimeSpan.Zero,
                Name = _nodes[i].Node.Name,
                State = GaleraNodeState.Error,
                Error = "not probed yet",
            });
        }

        return new GaleraClusterObservation(Cluster, at, nodes, _flowControlThreshold);
    }
}
