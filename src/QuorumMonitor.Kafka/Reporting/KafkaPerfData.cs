using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.Kafka.Config;

namespace QuorumMonitor.Kafka.Reporting;

/// <summary>A Kafka cluster's Nagios performance data: consumer lag in seconds and the N−1 broker-loss headroom.</summary>
internal static class KafkaPerfData
{
    public static IEnumerable<NagiosPerfDatum> For(ClusterReport c, MonitorConfig monitor)
    {
        var config = monitor.Kafka.FirstOrDefault(k => k.Name == c.Name);

        // KafkaConsumerLagging warns past the cluster's lag threshold; stalls page on the offsets' trend, not on a number.
        var threshold = NagiosPerfDatum.Number((config?.Lag ?? new KafkaLagConfig()).Threshold.TotalSeconds);
        var groups = ReportDetails.Items(c.Details, "consumerGroups");
        if (groups.Count > 0)
        {
            yield return new NagiosPerfDatum($"{c.Name}_max_lag_seconds", groups.Max(g => ReportDetails.Number(g, "lagSeconds")), "s", threshold, null, 0);
        }

        // One series per configured group: a bounded, stable set (discovered groups come and go; the maximum covers them).
        foreach (var group in config?.ConsumerGroups ?? [])
        {
            var seen = groups.FirstOrDefault(g => Equals(g.GetValueOrDefault("group"), group.Name));
            yield return new NagiosPerfDatum($"{c.Name}_{group.Name}_lag_seconds", seen is null ? null : ReportDetails.Number(seen, "lagSeconds"), "s", threshold, null, 0);
        }

        // KafkaNoBrokerLossHeadroom pages when losing one broker would push a survivor past its limit (ratio below 0).
        var losses = ReportDetails.Items(c.Details, "brokerLoss");
        if (losses.Count > 0)
        {
            yield return new NagiosPerfDatum($"{c.Name}_broker_loss_headroom_ratio", losses.Min(l => ReportDetails.Number(l, "headroomRatio")), "", null, "0:", null, 1);
        }
    }
}
