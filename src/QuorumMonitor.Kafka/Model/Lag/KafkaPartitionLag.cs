namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>One group on one partition, as reported among a topic's worst partitions.</summary>
public sealed record KafkaPartitionLag(int Partition, long Committed, long LogEnd, long Lag, double LagSeconds, bool LagSecondsIsLowerBound, ConsumerStatus Status);
