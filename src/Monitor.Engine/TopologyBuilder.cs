using Monitor.Core.Config;
using Monitor.Core.Model;
using Monitor.Correlation;

namespace Monitor.Engine;

/// <summary>The dependency edges that config declares.</summary>
public static class TopologyBuilder
{
    public static Topology From(MonitorConfig config)
    {
        var kinds = config.ZooKeeper.Select(z => (z.Name, Kind: ClusterKinds.ZooKeeper))
            .Concat(config.MySql.Select(m => (m.Name, Kind: ClusterKinds.MySql)))
            .ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        var topology = new Topology();
        foreach (var mysql in config.MySql)
        {
            foreach (var dependency in mysql.DependsOn.Where(kinds.ContainsKey))
            {
                topology.AddDependency(new TopologyNode(ClusterKinds.MySql, mysql.Name), new TopologyNode(kinds[dependency], dependency));
            }
        }

        return topology;
    }
}
