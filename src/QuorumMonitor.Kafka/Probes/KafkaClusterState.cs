using QuorumMonitor.Kafka.Model;

namespace QuorumMonitor.Kafka.Probes;

/// <summary>What the metadata unit learnt, shared with the units that need the broker and partition lists.</summary>
internal sealed class KafkaClusterState
{
    private KafkaMetadataSnapshot? _latest;

    public KafkaMetadataSnapshot? Latest => Volatile.Read(ref _latest);

    public void Publish(KafkaMetadataSnapshot snapshot) => Volatile.Write(ref _latest, snapshot);
}
