namespace QuorumMonitor.Core.Model;

/// <summary>Alert delivery as the status API shows it: whether pages are getting out, and if not, where and why.</summary>
public sealed class DeliveryReport
{
    public required bool Healthy { get; init; }

    /// <summary>Notifications written to the outbox and not yet accepted by their channel.</summary>
    public required int QueueDepth { get; init; }

    public double? OldestUndeliveredSeconds { get; init; }

    /// <summary>Notifications a channel rejected as invalid (HTTP 400): never retried, kept for inspection.</summary>
    public int DeadLetters { get; init; }

    public IReadOnlyList<ChannelDeliveryReport> Channels { get; init; } = [];
}
