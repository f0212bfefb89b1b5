using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>
/// Page: partitions whose leader is not a live broker. Writes to and reads from them fail. A restart permit never
/// hides it; the page names the permits held, so the on-call sees which restart was planned.
/// </summary>
public sealed class KafkaPartitionsOfflineRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaPartitionsOffline";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        if (k.OfflinePartitions.Count == 0)
        {
            yield break;
        }

        var leaders = k.OfflinePartitions.Select(p => p.Leader).Distinct().Order()
            .Select(l => l < 0 ? "none" : $"broker {l}");
        yield return new AlertCandidate(AlertName, Severity.Page, k.Cluster,
            $"Kafka cluster {k.Cluster.Name} has {k.OfflinePartitions.Count} offline partition(s) (leader not live: {string.Join(", ", leaders)}): "
            + KafkaClusterObservation.PartitionList(k.OfflinePartitions, k.OfflinePartitions.Count)
            + k.PlannedText);
    }
}
