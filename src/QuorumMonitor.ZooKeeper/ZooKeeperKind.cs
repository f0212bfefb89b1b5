using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.ZooKeeper.Reporting;
using QuorumMonitor.Runtime.Permits;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.ZooKeeper.Config;
using QuorumMonitor.ZooKeeper.Permits;
using QuorumMonitor.ZooKeeper.Probes;
using QuorumMonitor.ZooKeeper.Probes.Admin;
using QuorumMonitor.ZooKeeper.Rules;

namespace QuorumMonitor.ZooKeeper;

/// <summary>ZooKeeper ensembles: the <c>zookeeper:</c> section, a unit per member, the quorum rules and series.</summary>
public sealed class ZooKeeperKind : IClusterKind
{
    /// <summary>The <c>kind</c> label value; part of the public JSON and metric contract.</summary>
    public const string KindName = "zookeeper";

    public string Name => KindName;

    public string Section => "zookeeper";

    public IReadOnlyList<Runbook> Runbooks => ZooKeeperRunbooks.All;

    public IKindSettings Read(YamlSection root, ISet<string> clusterNames, ICollection<ClusterReference> references) =>
        ZooKeeperMonitorConfig.Settings(ZooKeeperConfigReader.Read(root, clusterNames));

    public void Register(IServiceCollection services, MonitorConfig config)
    {
        services.AddHttpClient<AdminServerClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(AdminServerClient.CreateHandler);
        foreach (var zk in config.ZooKeeper)
        {
            services.AddSingleton<IClusterMonitor>(sp => new ZooKeeperEnsembleMonitor(
                zk, config.Monitor, sp.GetRequiredService<AdminServerClient>(), sp.GetRequiredService<TimeProvider>()));
        }

        foreach (var rule in ZooKeeperRules.All())
        {
            services.AddSingleton<IRule>(rule);
        }

        services.AddSingleton<IClusterMetrics, ZooKeeperMetrics>();
        services.AddSingleton<IPermitJudge, ZooKeeperPermitJudge>();
    }

    public IEnumerable<ClusterSummary> Summarize(MonitorConfig config) => ZooKeeperConfigSummary.For(config);

    public IEnumerable<NagiosPerfDatum> PerfData(ClusterReport cluster, MonitorConfig config) => ZooKeeperPerfData.For(cluster);
}
