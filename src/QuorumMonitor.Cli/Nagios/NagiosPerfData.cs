using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.Host;

namespace QuorumMonitor.Cli.Nagios;

/// <summary>
/// The performance data of a verdict: each cluster's own, as its kind writes it with the thresholds its rules alert at
/// (ZooKeeper serving voters and fault tolerance, Kafka consumer lag and N−1 broker-loss headroom, MySQL replication lag,
/// Galera safe-voter weight and fault tolerance).
/// </summary>
public static class NagiosPerfData
{
    public static IReadOnlyList<NagiosPerfDatum> For(StatusReport report, MonitorConfig config)
    {
        var kinds = MonitorKinds.All.ToDictionary(k => k.Name, StringComparer.Ordinal);
        return report.Clusters
            .SelectMany(c => kinds.TryGetValue(c.Kind, out var kind) ? kind.PerfData(c, config) : [])
            .ToList();
    }
}
