namespace QuorumMonitor.Notify.Outbox;

/// <summary>A notification its channel will never accept as it is (or a damaged row): kept for a human to retry or drop.</summary>
public sealed record DeadLetter(long Seq, string Channel, string DedupKey, string Action, DateTimeOffset CreatedAt, DateTimeOffset FailedAt, string Reason);
