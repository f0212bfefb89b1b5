using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>Warning: partitions with fewer live in-sync replicas than replicas; one more failure may take them offline.</summary>
public sealed class KafkaUnderReplicatedPartitionsRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaUnderReplicatedPartitions";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        if (k.UnderReplicatedPartitions.Count == 0)
        {
            yield break;
        }

        yield return new AlertCandidate(AlertName, Severity.Warning, k.Cluster,
            $"Kafka cluster {k.Cluster.Name} has {k.UnderReplicatedPartitions.Count} under-replicated partition(s): "
            + KafkaClusterObservation.PartitionList(k.UnderReplicatedPartitions, k.UnderReplicatedPartitions.Count));
    }
}
