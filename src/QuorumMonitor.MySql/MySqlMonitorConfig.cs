using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.MySql.Config;

namespace QuorumMonitor.MySql;

public static class MySqlMonitorConfig
{
    extension(MonitorConfig config)
    {
        /// <summary>The <c>mysql:</c> clusters of the config.</summary>
        public IReadOnlyList<MySqlClusterConfig> MySql => config.ClustersOf<MySqlClusterConfig>(MySqlKind.KindName);

        /// <summary>This config with <paramref name="clusters"/> as its MySQL clusters (hand-built configs).</summary>
        public MonitorConfig WithMySql(IReadOnlyList<MySqlClusterConfig> clusters) => config.WithKind(MySqlKind.KindName, Settings(clusters));
    }

    internal static KindSettings<MySqlClusterConfig> Settings(IReadOnlyList<MySqlClusterConfig> clusters) =>
        new(clusters, [.. clusters.Select(m => new ClusterDeclaration(m.Name, [.. m.DependsOn.Select(d => new ClusterDependency(d))]))]);
}
