using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Kafka.Config;

namespace QuorumMonitor.Kafka;

public static class KafkaMonitorConfig
{
    extension(MonitorConfig config)
    {
        /// <summary>The <c>kafka:</c> clusters of the config.</summary>
        public IReadOnlyList<KafkaClusterConfig> Kafka => config.ClustersOf<KafkaClusterConfig>(KafkaKind.KindName);

        /// <summary>This config with <paramref name="clusters"/> as its Kafka clusters (hand-built configs).</summary>
        public MonitorConfig WithKafka(IReadOnlyList<KafkaClusterConfig> clusters) => config.WithKind(KafkaKind.KindName, Settings(clusters));
    }

    /// <summary>Each cluster depends on its <c>dependsOn</c>; each consumer group with a sink, on its sink.</summary>
    internal static KindSettings<KafkaClusterConfig> Settings(IReadOnlyList<KafkaClusterConfig> clusters) =>
        new(clusters, [.. clusters.Select(k => new ClusterDeclaration(k.Name,
            [
                .. k.DependsOn.Select(d => new ClusterDependency(d)),
                .. k.ConsumerGroups.Where(g => g.Sink is not null).Select(g => new ClusterDependency(g.Sink!, g.Name)),
            ]))]);
}
