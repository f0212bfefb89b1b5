namespace QuorumMonitor.Notify.Outbox;

public sealed record ChannelQueueStats(string Channel, int Depth, DateTimeOffset? OldestCreatedAt);
