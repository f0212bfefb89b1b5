namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>Which clock a record's timestamp is from: the topic's <c>message.timestamp.type</c>.</summary>
public enum MessageTimestampType
{
    /// <summary>Set by the producer when it created the record.</summary>
    CreateTime,

    /// <summary>Set by the partition leader when it appended the record.</summary>
    LogAppendTime,
}
