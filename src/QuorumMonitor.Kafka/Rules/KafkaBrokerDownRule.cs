using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>
/// Warning per expected broker missing from metadata (seen before, configured, or named as a replica). A broker under
/// a restart permit is down on purpose and is not raised (the status says "planned restart"); if its absence takes
/// partitions offline anyway, <see cref="KafkaPartitionsOfflineRule"/> pages and names the permit.
/// </summary>
public sealed class KafkaBrokerDownRule : Rule<KafkaClusterObservation>, IRule
{
    public const string AlertName = "KafkaBrokerDown";

    public override string Name => AlertName;

    /// <summary>
    /// A lost broker's partitions go offline or under-replicated, and its consumers move to the survivors, whose NICs
    /// then saturate and leave no headroom to lose another: those pages are the cascade, the broker is its cause, even
    /// when they confirm in the same round as the broker's own warning.
    /// </summary>
    public IReadOnlyCollection<string> Explains { get; } =
    [
        KafkaPartitionsOfflineRule.AlertName,
        KafkaUnderReplicatedPartitionsRule.AlertName,
        KafkaNicSaturatedRule.AlertName,
        KafkaNoBrokerLossHeadroomRule.AlertName,
    ];

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        foreach (var id in k.DownBrokerIds)
        {
            if (k.PlannedForBroker(id) is not null)
            {
                continue;
            }

            var address = k.Metadata.KnownBrokers.FirstOrDefault(b => b.Id == id)?.Address;
            var led = k.OfflinePartitions.Count(p => p.Leader == id);
            yield return new AlertCandidate(AlertName, Severity.Warning, k.Cluster,
                $"Kafka broker {id}{(address is null ? "" : $" ({address})")} of {k.Cluster.Name} is down: not in metadata; "
                + $"{k.LiveBrokers.Count} of {k.ExpectedBrokerIds.Count} brokers live"
                + (led > 0 ? $"; {led} partition(s) it led are offline" : "")
                + k.PlannedText,
                KafkaLabels.Broker(id));
        }
    }
}
