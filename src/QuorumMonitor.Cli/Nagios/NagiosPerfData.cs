using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.Kafka;
using QuorumMonitor.MySql;

namespace QuorumMonitor.Cli.Nagios;

/// <summary>
/// The performance data of a verdict, per cluster, with the thresholds the monitor's own rules alert at (so a graph's
/// warning line is where the warning fires): ZooKeeper serving voters and fault tolerance, Kafka consumer lag and N−1
/// broker-loss headroom, MySQL replication lag.
/// </summary>
public static class NagiosPerfData
{
    public static IReadOnlyList<NagiosPerfDatum> For(StatusReport report, MonitorConfig config)
    {
        var data = new List<NagiosPerfDatum>();
        foreach (var cluster in report.Clusters)
        {
            switch (cluster.Kind)
            {
                case ZooKeeperKind.KindName:
                    AddZooKeeper(data, cluster);
                    break;
                case KafkaKind.KindName:
                    AddKafka(data, cluster, config.Kafka.FirstOrDefault(k => k.Name == cluster.Name));
                    break;
                case MySqlKind.KindName:
                    AddMySql(data, cluster);
                    break;
            }
        }

        return data;
    }

    private static void AddZooKeeper(List<NagiosPerfDatum> data, ClusterReport c)
    {
        if (Number(c.Details, "voters") is not { } voters || Number(c.Details, "quorum") is not { } quorum)
        {
            return;
        }

        // ZooKeeperNoFaultTolerance warns when serving voters fall to the quorum; ZooKeeperQuorumLost pages below it.
        // A single voter is standalone by design and has no fault tolerance to lose, so it gets no warning line.
        var tolerant = voters >= 2;
        var warnServing = tolerant ? NagiosPerfDatum.Number(quorum + 1) + ":" : null;
        data.Add(new NagiosPerfDatum($"{c.Name}_serving_voters", Number(c.Details, "servingVoters"), "", warnServing,
            NagiosPerfDatum.Number(quorum) + ":", 0, voters));
        data.Add(new NagiosPerfDatum($"{c.Name}_fault_tolerance", Number(c.Details, "faultToleranceLeft"), "", tolerant ? "1:" : null,
            null, 0, voters - quorum));
    }

    private static void AddKafka(List<NagiosPerfDatum> data, ClusterReport c, KafkaClusterConfig? config)
    {
        // KafkaConsumerLagging warns past the cluster's lag threshold; stalls page on the offsets' trend, not on a number.
        var threshold = NagiosPerfDatum.Number((config?.Lag ?? new KafkaLagConfig()).Threshold.TotalSeconds);
        var groups = Items(c.Details, "consumerGroups");
        if (groups.Count > 0)
        {
            data.Add(new NagiosPerfDatum($"{c.Name}_max_lag_seconds", groups.Max(g => Number(g, "lagSeconds")), "s", threshold, null, 0));
        }

        // One series per configured group: a bounded, stable set (discovered groups come and go; the maximum covers them).
        foreach (var group in config?.ConsumerGroups ?? [])
        {
            var seen = groups.FirstOrDefault(g => Equals(g.GetValueOrDefault("group"), group.Name));
            data.Add(new NagiosPerfDatum($"{c.Name}_{group.Name}_lag_seconds", seen is null ? null : Number(seen, "lagSeconds"), "s", threshold, null, 0));
        }

        // KafkaNoBrokerLossHeadroom pages when losing one broker would push a survivor past its limit (ratio below 0).
        var losses = Items(c.Details, "brokerLoss");
        if (losses.Count > 0)
        {
            data.Add(new NagiosPerfDatum($"{c.Name}_broker_loss_headroom_ratio", losses.Min(l => Number(l, "headroomRatio")), "", null, "0:", null, 1));
        }
    }

    private static void AddMySql(List<NagiosPerfDatum> data, ClusterReport c)
    {
        // MySqlReplicationLag warns past the cluster's lag threshold.
        var threshold = Number(c.Details, "lagThresholdSeconds") is { } t ? NagiosPerfDatum.Number(t) : null;
        foreach (var m in c.Members.Where(m => m.Role == "replica"))
        {
            var name = m.Details.GetValueOrDefault("name") as string ?? m.Address;
            data.Add(new NagiosPerfDatum($"{c.Name}_{name}_replication_lag_seconds", Number(m.Details, "lagSeconds"), "s", threshold, null, 0));
        }
    }

    private static List<IReadOnlyDictionary<string, object?>> Items(IReadOnlyDictionary<string, object?> details, string key) =>
        details.GetValueOrDefault(key) is IEnumerable<IReadOnlyDictionary<string, object?>> items ? items.ToList() : [];

    private static double? Number(IReadOnlyDictionary<string, object?> details, string key) => details.GetValueOrDefault(key) switch
    {
        int i => i,
        long l => l,
        double d when double.IsFinite(d) => d,
        _ => null,
    };
}
