using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.ZooKeeper.Config;

namespace QuorumMonitor.ZooKeeper;

public static class ZooKeeperMonitorConfig
{
    extension(MonitorConfig config)
    {
        /// <summary>The <c>zookeeper:</c> ensembles of the config.</summary>
        public IReadOnlyList<ZooKeeperClusterConfig> ZooKeeper => config.ClustersOf<ZooKeeperClusterConfig>(ZooKeeperKind.KindName);

        /// <summary>This config with <paramref name="ensembles"/> as its ZooKeeper ensembles (hand-built configs).</summary>
        public MonitorConfig WithZooKeeper(IReadOnlyList<ZooKeeperClusterConfig> ensembles) =>
            config.WithKind(ZooKeeperKind.KindName, Settings(ensembles));
    }

    /// <summary>Ensembles depend on nothing configured.</summary>
    internal static KindSettings<ZooKeeperClusterConfig> Settings(IReadOnlyList<ZooKeeperClusterConfig> ensembles) =>
        new(ensembles, [.. ensembles.Select(e => new ClusterDeclaration(e.Name, []))]);
}
