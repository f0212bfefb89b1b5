namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>A group's committed offset on one partition: the next message it will consume.</summary>
public readonly record struct CommittedOffset(TopicPartitionKey Partition, long Offset);
