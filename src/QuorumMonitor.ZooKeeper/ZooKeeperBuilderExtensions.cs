using QuorumMonitor.Runtime;

namespace QuorumMonitor.ZooKeeper;

public static class ZooKeeperBuilderExtensions
{
    /// <summary>Monitors the config's <c>zookeeper:</c> ensembles.</summary>
    public static QuorumMonitorBuilder AddZooKeeper(this QuorumMonitorBuilder builder) => builder.AddKind(new ZooKeeperKind());
}
