using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>
/// Warning: partitions with fewer live in-sync replicas than replicas; one more failure may take them offline. Not
/// raised while every such partition is short only of brokers under a restart permit (down, or back and catching up):
/// the permit was granted with every partition in sync, and refuses every other broker meanwhile (as ZooKeeper's
/// fault-tolerance warning under a permit).
/// </summary>
public sealed class KafkaUnderReplicatedPartitionsRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaUnderReplicatedPartitions";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        if (k.UnderReplicatedPartitions.Count == 0 || k.UnderReplicatedPartitions.All(k.ShortOnlyOfPlanned))
        {
            yield break;
        }

        yield return new AlertCandidate(AlertName, Severity.Warning, k.Cluster,
            $"Kafka cluster {k.Cluster.Name} has {k.UnderReplicatedPartitions.Count} under-replicated partition(s): "
            + KafkaClusterObservation.PartitionList(k.UnderReplicatedPartitions, k.UnderReplicatedPartitions.Count)
            + k.PlannedText);
    }
}
