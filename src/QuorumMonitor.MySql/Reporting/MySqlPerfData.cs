using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Reporting;

namespace QuorumMonitor.MySql.Reporting;

/// <summary>A MySQL cluster's Nagios performance data: each replica's replication lag.</summary>
internal static class MySqlPerfData
{
    public static IEnumerable<NagiosPerfDatum> For(ClusterReport c)
    {
        // MySqlReplicationLag warns past the cluster's lag threshold.
        var threshold = ReportDetails.Number(c.Details, "lagThresholdSeconds") is { } t ? NagiosPerfDatum.Number(t) : null;
        foreach (var m in c.Members.Where(m => m.Role == "replica"))
        {
            var name = m.Details.GetValueOrDefault("name") as string ?? m.Address;
            yield return new NagiosPerfDatum($"{c.Name}_{name}_replication_lag_seconds", ReportDetails.Number(m.Details, "lagSeconds"), "s", threshold, null, 0);
        }
    }
}
