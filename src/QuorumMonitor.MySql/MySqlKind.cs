using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.MySql.Reporting;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Permits;
using QuorumMonitor.Runtime.Permits;
using QuorumMonitor.MySql.Probes;
using QuorumMonitor.MySql.Rules;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.MySql;

/// <summary>MySQL / MariaDB primaries and replicas: the <c>mysql:</c> section, a unit per instance, rules and series.</summary>
public sealed class MySqlKind : IClusterKind
{
    /// <summary>The <c>kind</c> label value; part of the public JSON and metric contract.</summary>
    public const string KindName = "mysql";

    public string Name => KindName;

    public string Section => "mysql";

    public IReadOnlyList<Runbook> Runbooks => MySqlRunbooks.All;

    public IKindSettings Read(YamlSection root, ISet<string> clusterNames, ICollection<ClusterReference> references) =>
        MySqlMonitorConfig.Settings(MySqlConfigReader.Read(root, clusterNames, references));

    /// <summary>A cluster monitor per <c>mysql:</c> entry, the MySQL rules and series.</summary>
    public void Register(IServiceCollection services, MonitorConfig config)
    {
        foreach (var cluster in config.MySql)
        {
            services.AddSingleton<IClusterMonitor>(sp => new MySqlClusterMonitor(cluster, config.Monitor, sp.GetRequiredService<TimeProvider>()));
        }

        foreach (var rule in MySqlRules.All())
        {
            services.AddSingleton<IRule>(rule);
        }

        services.AddSingleton<IClusterMetrics, MySqlMetrics>();
        services.AddSingleton<IPermitJudge, MySqlPermitJudge>();
    }

    public IEnumerable<ClusterSummary> Summarize(MonitorConfig config) => MySqlConfigSummary.For(config);

    public IEnumerable<NagiosPerfDatum> PerfData(ClusterReport cluster, MonitorConfig config) => MySqlPerfData.For(cluster);
}
