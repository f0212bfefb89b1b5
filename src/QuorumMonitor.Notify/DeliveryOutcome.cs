namespace QuorumMonitor.Notify;

/// <summary>What one delivery attempt came to. <see cref="Reason"/> is a short metric label value (http-503,
/// connection, timeout, rate-limited); <see cref="Detail"/> is for people and never contains a secret.</summary>
public sealed record DeliveryOutcome(DeliveryOutcomeKind Kind, string Reason, string Detail, TimeSpan? RetryAfter = null)
{
    public static DeliveryOutcome Delivered { get; } = new(DeliveryOutcomeKind.Delivered, "ok", "accepted");

    public bool IsRateLimited => Reason == "rate-limited";

    public bool IsFailure => Kind != DeliveryOutcomeKind.Delivered;
}
