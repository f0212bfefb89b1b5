namespace QuorumMonitor.Core.Model;

/// <summary>One notification channel in <see cref="DeliveryReport"/>.</summary>
public sealed class ChannelDeliveryReport
{
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required bool Healthy { get; init; }
    public int QueueDepth { get; init; }

    /// <summary>Why the channel counts as failing (e.g. "refused: HTTP 402"); null while healthy.</summary>
    public string? Reason { get; init; }
    public DateTimeOffset? FailingSince { get; init; }
    public DateTimeOffset? LastDeliveredAt { get; init; }
}
