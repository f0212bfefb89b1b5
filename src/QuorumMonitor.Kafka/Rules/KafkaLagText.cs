using System.Globalization;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>How lag is written in alert summaries.</summary>
internal static class KafkaLagText
{
    public static string Seconds(double seconds, bool lowerBound = false) =>
        (lowerBound ? "at least " : "") + (seconds < 120 ? $"{seconds:0.#} s" : seconds < 7200 ? $"{seconds / 60:0.#} min" : $"{seconds / 3600:0.#} h");

    /// <summary>Said when the age is not the message's own timestamp, so a reader knows how far to trust it.</summary>
    public static string Source(LagSource source) => source == LagSource.Interpolated ? " (interpolated: no message timestamp read)" : "";

    public static string Partitions(KafkaTopicLag t) => string.Join(", ", t.WorstPartitions.Select(p =>
        string.Create(CultureInfo.InvariantCulture, $"{t.Topic}/{p.Partition} ({Names.Kebab(p.Status)}, {p.Lag} messages, {Seconds(p.LagSeconds, p.LagSecondsIsLowerBound)})")));
}
