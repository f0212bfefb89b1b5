using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Correlation;

namespace QuorumMonitor.Engine;

/// <summary>The dependency edges that config declares: <c>dependsOn</c> of every cluster, and consumer groups' sinks.</summary>
public static class TopologyBuilder
{
    public static Topology From(MonitorConfig config)
    {
        var kinds = config.ZooKeeper.Select(z => (z.Name, Kind: ClusterKinds.ZooKeeper))
            .Concat(config.Kafka.Select(k => (k.Name, Kind: ClusterKinds.Kafka)))
            .Concat(config.MySql.Select(m => (m.Name, Kind: ClusterKinds.MySql)))
            .ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        var topology = new Topology();

        void DependsOn(TopologyNode dependent, string dependency)
        {
            // Unknown names are rejected when the config loads; this only guards a hand-built config.
            if (kinds.TryGetValue(dependency, out var kind))
            {
                topology.AddDependency(dependent, new TopologyNode(kind, dependency));
            }
        }

        foreach (var mysql in config.MySql)
        {
            foreach (var dependency in mysql.DependsOn)
            {
                DependsOn(new TopologyNode(ClusterKinds.MySql, mysql.Name), dependency);
            }
        }

        foreach (var kafka in config.Kafka)
        {
            foreach (var dependency in kafka.DependsOn)
            {
                DependsOn(new TopologyNode(ClusterKinds.Kafka, kafka.Name), dependency);
            }

            foreach (var group in kafka.ConsumerGroups.Where(g => g.Sink is not null))
            {
                DependsOn(new TopologyNode(ClusterKinds.Kafka, kafka.Name, group.Name), group.Sink!);
            }
        }

        return topology;
    }
}
