using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Galera.Config;

namespace QuorumMonitor.Galera;

public static class GaleraMonitorConfig
{
    extension(MonitorConfig config)
    {
        /// <summary>The <c>galera:</c> clusters of the config.</summary>
        public IReadOnlyList<GaleraClusterConfig> Galera => config.ClustersOf<GaleraClusterConfig>(GaleraKind.KindName);

        /// <summary>This config with <paramref name="clusters"/> as its Galera clusters (hand-built configs).</summary>
        public MonitorConfig WithGalera(IReadOnlyList<GaleraClusterConfig> clusters) => config.WithKind(GaleraKind.KindName, Settings(clusters));
    }

    internal static KindSettings<GaleraClusterConfig> Settings(IReadOnlyList<GaleraClusterConfig> clusters) =>
        new(clusters, [.. clusters.Select(c => new ClusterDeclaration(c.Name, []))]);
}
