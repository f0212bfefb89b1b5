using System.Globalization;
using QuorumMonitor.Core.Config;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.MySql.Rules;
using QuorumMonitor.ZooKeeper.Rules;
using QuorumMonitor.ZooKeeper.Config;
using QuorumMonitor.Kafka.Config;

namespace QuorumMonitor.Cli.ConfigCheck;

/// <summary>
/// What each rule whose trigger depends on the config fires at, for one cluster. A rule missing here fires on a state
/// (a member down, a partition offline), not on a number.
/// </summary>
public static class RuleThresholds
{
    public static IReadOnlyDictionary<string, string> ZooKeeper(ZooKeeperClusterConfig zk)
    {
        var voters = zk.Servers.Count - zk.Observers.Count;
        var quorum = (voters / 2) + 1;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // The servers' own count of voters wins at run time; this is the count the config implies.
            [ZooKeeperQuorumLostRule.AlertName] = Invariant($"fewer than {quorum} of {voters} voters serving (quorum)"),
            [ZooKeeperNoFaultToleranceRule.AlertName] = voters < 2
                ? "never: a single voter is standalone"
                : Invariant($"exactly {quorum} of {voters} voters serving (the next failure loses quorum)"),
        };
    }

    public static IReadOnlyDictionary<string, string> Kafka(KafkaClusterConfig kafka)
    {
        var t = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [KafkaConsumerLaggingRule.AlertName] = $"oldest unconsumed message older than {ConfigReport.Span(kafka.Lag.Threshold)} (lag.threshold)",
            [KafkaConsumerStalledRule.AlertName] = Invariant($"a group stalled or stopped by Burrow's rules over {kafka.Lag.WindowRounds} polls (lag.windowRounds)"),
        };
        if (kafka.Network is { } n)
        {
            var limit = n.CapacityMbps is { } c ? Invariant($"{c * n.Threshold:0.#} Mbit/s ({n.Threshold:0.##} x {c:0.#} Mbit/s)") : Invariant($"{n.Threshold:0.##} x node_network_speed_bytes");
            t[KafkaNicSaturatedRule.AlertName] = $"a broker's NIC at or above {limit}";
            t[KafkaNicSaturationForecastRule.AlertName] = $"the NIC trend reaches that limit within {ConfigReport.Span(n.Horizon)} (network.horizon)";
            t[KafkaNoBrokerLossHeadroomRule.AlertName] = "losing any one broker would push a survivor past that limit";
        }

        return t;
    }

    public static IReadOnlyDictionary<string, string> MySql(MySqlClusterConfig mysql) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MySqlReplicationLagRule.AlertName] = $"a replica more than {ConfigReport.Span(mysql.LagThreshold)} behind (lagThreshold)",
        [MySqlNoHealthyStandbyRule.AlertName] = $"no replica replicating within {ConfigReport.Span(mysql.LagThreshold)}",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
