namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>One poll of the cluster's offsets: log-end offsets (high watermarks) and the groups' commits, at one time.</summary>
public sealed record KafkaOffsetsSnapshot(DateTimeOffset At, IReadOnlyDictionary<TopicPartitionKey, long> LogEnds, IReadOnlyList<GroupCommits> Groups);
