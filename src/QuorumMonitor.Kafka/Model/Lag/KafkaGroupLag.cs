namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>One consumer group: worst status over its partitions (Burrow's group status) and its lag per topic.</summary>
public sealed record KafkaGroupLag(
    string Group,
    string? Sink,
    ConsumerStatus Status,
    long LagMessages,
    double MaxLagSeconds,
    int CommittedPartitions,
    double Complete,
    IReadOnlyList<KafkaTopicLag> Topics)
{
    /// <summary>Where <see cref="MaxLagSeconds"/> came from.</summary>
    public LagSource LagSource { get; init; }
}
