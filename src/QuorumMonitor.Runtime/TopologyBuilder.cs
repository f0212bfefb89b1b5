using QuorumMonitor.Core.Config;
using QuorumMonitor.Incidents;

namespace QuorumMonitor.Runtime;

/// <summary>The dependency edges that config declares, whatever the kinds: <c>dependsOn</c>, consumer groups' sinks...</summary>
public static class TopologyBuilder
{
    public static Topology From(MonitorConfig config)
    {
        var kinds = config.Kinds
            .SelectMany(k => k.Value.Declarations.Select(d => (d.Name, Kind: k.Key)))
            .ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        var topology = new Topology();
        foreach (var (kind, settings) in config.Kinds)
        {
            foreach (var cluster in settings.Declarations)
            {
                foreach (var edge in cluster.DependsOn)
                {
                    // Unknown names are rejected when the config loads; this only guards a hand-built config.
                    if (kinds.TryGetValue(edge.DependsOn, out var dependencyKind))
                    {
                        topology.AddDependency(new TopologyNode(kind, cluster.Name, edge.Node), new TopologyNode(dependencyKind, edge.DependsOn));
                    }
                }
            }
        }

        return topology;
    }
}
