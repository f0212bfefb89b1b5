using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// What one channel's recent attempts say about it. A channel is failing when its oldest undelivered notification is
/// older than <c>failingAfter</c>, when its Watchdog re-send has failed that long, at once when it refused us
/// (401/402/403) or answered another client error (404, 409, ...) until it next accepts one, and while it has dead
/// letters, until someone retries or drops them (<c>monitor deadletters</c>): a page thrown away must keep paging.
/// Not thread-safe: the <see cref="DeliveryStatus"/> lock guards it.
/// </summary>
public sealed class ChannelHealth
{
    private DateTimeOffset? _refusedAt;
    private DeliveryOutcome? _refusal;
    private DateTimeOffset? _heartbeatFailingSince;
    private DeliveryOutcome? _heartbeatFailure;

    public DateTimeOffset? LastDeliveredAt { get; private set; }

    public DeliveryOutcome? LastFailure { get; private set; }

    public void Record(DeliveryOutcome outcome, DateTimeOffset now)
    {
        switch (outcome.Kind)
        {
            case DeliveryOutcomeKind.Delivered:
                LastDeliveredAt = now;
                _refusedAt = null;
                _refusal = null;
                break;
            case DeliveryOutcomeKind.Refused or DeliveryOutcomeKind.ClientError:
                LastFailure = outcome;
                _refusal = outcome;
                _refusedAt ??= now;
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
            _refusal = null;
        }
        else
        {
            _heartbeatFailingSince ??= now;
            _heartbeatFailure = outcome;
            if (outcome.Kind is DeliveryOutcomeKind.Refused or DeliveryOutcomeKind.ClientError)
            {
                _refusedAt ??= now;
                _refusal = outcome;
                LastFailure = outcome;
            }
        }
    }

    /// <returns>Null while healthy; else why, and since when.</returns>
    public (string Reason, DateTimeOffset Since)? Failing(DateTimeOffset now, ChannelQueueStats? queue, DeadLetterStats? dead, TimeSpan failingAfter)
    {
        if (_refusedAt is { } refused)
        {
            return _refusal?.Kind == DeliveryOutcomeKind.Refused
                ? ($"refused by the receiver (fix the account or key; retrying slowly): {_refusal.Detail}", refused)
                : ($"answered a client error (check the URL and the receiver; retrying slowly): {_refusal?.Detail}", refused);
        }

        if (dead is not null)
        {
            return ($"{dead.Count} notification(s) dead-lettered, never delivered (last: {dead.LatestReason}); "
                + "inspect with 'monitor deadletters list', then retry or drop them", dead.OldestFailedAt);
        }

        if (queue?.OldestCreatedAt is { } o && now - o >= failingAfter)
        {
            var why = LastFailure is { } f ? $"; last error: {f.Detail}" : "";
            return ($"{queue.Depth} notification(s) undelivered, oldest for {Math.Round((now - o).TotalSeconds)}s{why}", o + failingAfter);
        }

        if (_heartbeatFailingSince is { } hb && now - hb >= failingAfter)
        {
            return ($"Watchdog not accepted for {Math.Round((now - hb).TotalSeconds)}s: {_heartbeatFailure?.Detail}", hb);
        }

        return null;
    }
}
