namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>One group on one topic: total lag, the oldest unconsumed message, the worst status and the partitions behind it.</summary>
public sealed record KafkaTopicLag(
    string Topic,
    ConsumerStatus Status,
    long LagMessages,
    double MaxLagSeconds,
    int Partitions,
    IReadOnlyList<KafkaPartitionLag> WorstPartitions);
