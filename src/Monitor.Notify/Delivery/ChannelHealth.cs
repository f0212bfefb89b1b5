namespace Monitor.Notify.Delivery;

/// <summary>
/// What one channel's recent attempts say about it. A channel is failing when its oldest undelivered notification is
/// older than <c>failingAfter</c>, when its Watchdog re-send has failed that long, or at once when it refused us
/// (401/402/403) or dropped a notification as invalid (400), until it next accepts one. Not thread-safe: the
/// <see cref="DeliveryService"/> lock guards it.
/// </summary>
public sealed class ChannelHealth
{
    public DateTimeOffset? LastDeliveredAt { get; private set; }

    public DeliveryOutcome? LastFailure { get; private set; }

    private DateTimeOffset? _refusedAt;
    private DateTimeOffset? _rejectedAt;
    private DateTimeOffset? _heartbeatFailingSince;
    private DeliveryOutcome? _heartbeatFailure;

    public void Record(DeliveryOutcome outcome, DateTimeOffset now)
    {
        switch (outcome.Kind)
        {
            case DeliveryOutcomeKind.Delivered:
                LastDeliveredAt = now;
                _refusedAt = null;
                _rejectedAt = null;
                break;
            case DeliveryOutcomeKind.Refused:
                LastFailure = outcome;
                _refusedAt ??= now;
                break;
            case DeliveryOutcomeKind.Invalid:
                LastFailure = outcome;
                _rejectedAt ??= now;
                break;
            default:
                LastFailure = outcome;
                break;
        }
    }

    public void RecordHeartbeat(DeliveryOutcome outcome, DateTimeOffset now)
    {
        if (outcome.Kind == DeliveryOutcomeKind.Delivered)
        {
            _heartbeatFailingSince = null;
            _heartbeatFailure = null;
            LastDeliveredAt = now;
            _refusedAt = null;
        }
        else
        {
            _heartbeatFailingSince ??= now;
            _heartbeatFailure = outcome;
            if (outcome.Kind == DeliveryOutcomeKind.Refused)
            {
                _refusedAt ??= now;
                LastFailure = outcome;
            }
        }
    }

    /// <returns>Null while healthy; else why, and since when.</returns>
    public (string Reason, DateTimeOffset Since)? Failing(DateTimeOffset now, int depth, DateTimeOffset? oldest, TimeSpan failingAfter)
    {
        if (_refusedAt is { } refused)
        {
            return ($"refused by the receiver (fix the account or key; retrying slowly): {LastFailure?.Detail}", refused);
        }

        if (_rejectedAt is { } rejected)
        {
            return ($"rejected a notification as invalid; it was dropped to the dead letters: {LastFailure?.Detail}", rejected);
        }

        if (oldest is { } o && now - o >= failingAfter)
        {
            var why = LastFailure is { } f ? $"; last error: {f.Detail}" : "";
            return ($"{depth} notification(s) undelivered, oldest for {Math.Round((now - o).TotalSeconds)}s{why}", o + failingAfter);
        }

        if (_heartbeatFailingSince is { } hb && now - hb >= failingAfter)
        {
            return ($"Watchdog not accepted for {Math.Round((now - hb).TotalSeconds)}s: {_heartbeatFailure?.Detail}", hb);
        }

        return null;
    }
}
