namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>One group on one partition, as reported among a topic's worst partitions.</summary>
public sealed record KafkaPartitionLag(int Partition, long Committed, long LogEnd, long Lag, double LagSeconds, bool LagSecondsIsLowerBound, ConsumerStatus Status)
{
    /// <summary>Timestamp of the message at <see cref="Committed"/>, or interpolated when none could be read.</summary>
    public LagSource LagSource { get; init; }

    /// <summary>With <see cref="LagSource.Timestamp"/>: which clock the topic stamps its messages with.</summary>
    public MessageTimestampType? TimestampType { get; init; }
}
