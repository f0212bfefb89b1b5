using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.Galera.Reporting;
using QuorumMonitor.Galera.Config;
using QuorumMonitor.Galera.Permits;
using QuorumMonitor.Galera.Probes;
using QuorumMonitor.Galera.Rules;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Galera;

/// <summary>MariaDB Galera clusters: the <c>galera:</c> section, a unit per node, the quorum rules and series.</summary>
public sealed class GaleraKind : IClusterKind
{
    /// <summary>The <c>kind</c> label value of Galera clusters; part of the public JSON and metric contract.</summary>
    public const string KindName = "galera";

    /// <summary>The config section this kind reads.</summary>
    public const string SectionName = "galera";

    public string Name => KindName;

    public string Section => SectionName;

    public IReadOnlyList<Runbook> Runbooks => GaleraRunbooks.All;

    public IKindSettings Read(YamlSection root, ISet<string> clusterNames, ICollection<ClusterReference> references) =>
        GaleraMonitorConfig.Settings(GaleraConfigReader.Read(root, clusterNames));

    public void Register(IServiceCollection services, MonitorConfig config)
    {
        foreach (var cluster in config.Galera)
        {
            services.AddSingleton<IClusterMonitor>(sp => new GaleraClusterMonitor(cluster, config.Monitor, sp.GetRequiredService<TimeProvider>()));
        }

        foreach (var rule in GaleraRules.All())
        {
            services.AddSingleton<IRule>(rule);
        }

        services.AddSingleton<IClusterMetrics, GaleraMetrics>();
        services.AddSingleton<IPermitJudge, GaleraPermitJudge>();
    }

    public IEnumerable<ClusterSummary> Summarize(MonitorConfig config) => GaleraConfigSummary.For(config);

    public IEnumerable<NagiosPerfDatum> PerfData(ClusterReport cluster, MonitorConfig config) => GaleraPerfData.For(cluster);
}
