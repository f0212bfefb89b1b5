namespace QuorumMonitor.Kafka.Model;

/// <summary>What a metadata request returned: the live brokers and every partition (internal topics excluded).</summary>
public sealed record KafkaMetadataSnapshot(IReadOnlyList<KafkaBroker> Brokers, IReadOnlyList<KafkaPartitionInfo> Partitions);
