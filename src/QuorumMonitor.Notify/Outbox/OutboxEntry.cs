namespace QuorumMonitor.Notify.Outbox;

/// <summary>One undelivered notification for one channel. <see cref="Seq"/> orders a channel's queue.</summary>
public sealed record OutboxEntry(
    long Seq,
    string Channel,
    Notification Notification,
    DateTimeOffset CreatedAt,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError);
