using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Rules;

namespace QuorumMonitor.MySql.Reporting;

/// <summary>Each configured MySQL cluster as <c>monitor config check</c> prints it (passwords named by their source).</summary>
internal static class MySqlConfigSummary
{
    public static IEnumerable<ClusterSummary> For(MonitorConfig config) => config.MySql.Select(Of);

    private static ClusterSummary Of(MySqlClusterConfig mysql)
    {
        var firesAt = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MySqlReplicationLagRule.AlertName] = $"a replica more than {Durations.Describe(mysql.LagThreshold)} behind (lagThreshold)",
            [MySqlNoHealthyStandbyRule.AlertName] = $"no replica replicating within {Durations.Describe(mysql.LagThreshold)}",
        };
        var instances = mysql.Instances.Select(i => $"{i.Name} ({Names.Kebab(i.Role)} {i.Endpoint}, password {i.Password})");
        var facts = string.Join(", ", instances) + (mysql.Heartbeat is { } h ? $"; heartbeat {h.Table}" : "");
        return new ClusterSummary(mysql.Name, facts, MySqlRules.All().Select(r => new RuleSummary(r.Name, firesAt.GetValueOrDefault(r.Name))).ToList());
    }
}
