namespace QuorumMonitor.Notify.Outbox;

/// <summary>One channel's dead letters: while there are any, the channel counts as failing (AlertDeliveryFailing).</summary>
public sealed record DeadLetterStats(int Count, DateTimeOffset OldestFailedAt, string LatestReason);
