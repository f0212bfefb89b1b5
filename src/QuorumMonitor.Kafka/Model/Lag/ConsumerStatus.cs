namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>Burrow's partition statuses, from least to most severe.</summary>
public enum ConsumerStatus
{
    /// <summary>Caught up, catching up, or not enough history yet to say otherwise.</summary>
    Ok,

    /// <summary>Committing, but the lag never shrank over the whole window: falling behind.</summary>
    Warn,

    /// <summary>A committed offset went backwards (a reset or a replay).</summary>
    Rewind,

    /// <summary>Behind, not committing, and nothing new produced: a stopped consumer with a backlog on an idle topic.</summary>
    Stop,

    /// <summary>Behind, not committing, while producers keep writing: lag grows and nothing consumes it.</summary>
    Stall,
}
