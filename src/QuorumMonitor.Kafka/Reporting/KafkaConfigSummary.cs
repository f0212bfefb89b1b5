using System.Globalization;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.Kafka.Rules;

namespace QuorumMonitor.Kafka.Reporting;

/// <summary>Each configured Kafka cluster as <c>monitor config check</c> prints it (security values named, never shown).</summary>
internal static class KafkaConfigSummary
{
    public static IEnumerable<ClusterSummary> For(MonitorConfig config) => config.Kafka.Select(Of);

    private static ClusterSummary Of(KafkaClusterConfig kafka)
    {
        var firesAt = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [KafkaConsumerLaggingRule.AlertName] = $"oldest unconsumed message older than {Durations.Describe(kafka.Lag.Threshold)} (lag.threshold)",
            [KafkaConsumerStalledRule.AlertName] = Invariant($"a group stalled or stopped by Burrow's rules over {kafka.Lag.WindowRounds} polls (lag.windowRounds)"),
        };
        if (kafka.Network is { } n)
        {
            var limit = n.CapacityMbps is { } c ? Invariant($"{c * n.Threshold:0.#} Mbit/s ({n.Threshold:0.##} x {c:0.#} Mbit/s)") : Invariant($"{n.Threshold:0.##} x node_network_speed_bytes");
            firesAt[KafkaNicSaturatedRule.AlertName] = $"a broker's NIC at or above {limit}";
            firesAt[KafkaNicSaturationForecastRule.AlertName] = $"the NIC trend reaches that limit within {Durations.Describe(n.Horizon)} (network.horizon)";
            firesAt[KafkaNoBrokerLossHeadroomRule.AlertName] = "losing any one broker would push a survivor past that limit";
        }

        var groups = kafka.ConsumerGroups.Select(g => g.Sink is null ? g.Name : $"{g.Name} (sink {g.Sink})");
        var facts = $"bootstrap {kafka.BootstrapServers}; groups: {(kafka.ConsumerGroups.Count == 0 ? "none" : string.Join(", ", groups))}"
            + (kafka.Lag.DiscoverGroups ? " (+ discovered)" : "") + $"; security: {kafka.Security}"
            + (kafka.Network is { } net ? $"; NICs from {(net.PrometheusUrl is { } p ? MaskedUrl.Of(p) : "node_exporter")}: {string.Join(", ", net.Brokers.OrderBy(b => b.Key).Select(b => Invariant($"{b.Key} {(net.PrometheusUrl is null ? MaskedUrl.Of(b.Value) : b.Value)}")))}" : "");
        return new ClusterSummary(kafka.Name, facts, KafkaRules.All().Select(r => new RuleSummary(r.Name, firesAt.GetValueOrDefault(r.Name))).ToList());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
