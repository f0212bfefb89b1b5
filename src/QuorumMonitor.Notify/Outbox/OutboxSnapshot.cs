namespace QuorumMonitor.Notify.Outbox;

/// <summary>What the outbox held at its last successful read, per channel: served from memory to the status API.</summary>
public sealed record OutboxSnapshot(IReadOnlyDictionary<string, ChannelQueueStats> Queues, IReadOnlyDictionary<string, DeadLetterStats> DeadLetters)
{
    public static OutboxSnapshot Empty { get; } = new(new Dictionary<string, ChannelQueueStats>(), new Dictionary<string, DeadLetterStats>());
}
