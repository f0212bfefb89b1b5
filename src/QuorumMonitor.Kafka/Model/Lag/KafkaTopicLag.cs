namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>One group on one topic: total lag, the oldest unconsumed message, the worst status and the partitions behind it.</summary>
public sealed record KafkaTopicLag(
    string Topic,
    ConsumerStatus Status,
    long LagMessages,
    double MaxLagSeconds,
    int Partitions,
    IReadOnlyList<KafkaPartitionLag> WorstPartitions)
{
    /// <summary>Where <see cref="MaxLagSeconds"/> came from (the partition holding the oldest unconsumed message).</summary>
    public LagSource LagSource { get; init; }

    /// <summary>Partitions behind whose lag in seconds had to be interpolated (no timestamp read yet or none to be had).</summary>
    public int InterpolatedPartitions { get; init; }
}
