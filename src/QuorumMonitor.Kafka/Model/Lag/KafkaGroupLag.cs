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

    /// <summary>Found by ListGroups rather than configured.</summary>
    public bool Discovered { get; init; }

    /// <summary>
    /// A discovered group with a backlog whose commits have not advanced within <c>lag.activeWithin</c> (or not since the
    /// monitor first saw it): leftover offsets of a consumer that is gone. Listed, never alerted on. Configured groups never are.
    /// </summary>
    public bool Abandoned { get; init; }
}
