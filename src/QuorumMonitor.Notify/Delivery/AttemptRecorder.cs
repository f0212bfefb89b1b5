using Microsoft.Extensions.Logging;
using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Applies what a sender learnt from one attempt: removes a delivered notification, reschedules a failed one with
/// backoff, dead-letters one the receiver can never take; and counts, logs and feeds the channel's health with it.
/// Failures are logged once per kind, not once per attempt: a receiver down for an hour is one warning.
/// </summary>
internal sealed partial class AttemptRecorder(OutboxStore store, Backoff backoff, DeliveryMetrics metrics, DeliveryStatus status, TimeProvider time, ILogger log)
{
    private readonly ILogger _log = log;
    private readonly StateChangeLog _failures = new();

    /// <summary>Applies one attempt's outcome: remove on success, reschedule with backoff, or dead-letter.</summary>
    public void Record(OutboxEntry entry, DeliveryOutcome outcome)
    {
        var now = time.GetUtcNow();
        var channel = entry.Channel;
        switch (outcome.Kind)
        {
            case DeliveryOutcomeKind.Delivered:
                store.Remove(entry.Seq);
                metrics.Sent(channel);
                LogDelivered(channel, entry.Notification.Action, entry.Notification.DedupKey, entry.Attempts + 1);
                if (_failures.Recovered(channel))
                {
                    LogChannelRecovered(channel);
                }

                break;
            case DeliveryOutcomeKind.Invalid:
                store.DeadLetter(entry.Seq, now, outcome.Detail);
                metrics.Failed(channel, outcome.Reason);
                LogRejected(channel, entry.Notification.Action, entry.Notification.DedupKey, outcome.Detail);
                break;
            default:
                var attempts = entry.Attempts + 1;
                var wait = backoff.After(attempts, outcome);
                store.Reschedule(entry.Seq, attempts, now + wait, outcome.Detail);
                metrics.Failed(channel, outcome.Reason);
                metrics.Retried(channel);
                if (_failures.Failing(channel, outcome.Reason))
                {
                    LogRetrying(channel, entry.Notification.Action, entry.Notification.DedupKey, attempts, outcome.Detail, wait.TotalSeconds);
                }
                else
                {
                    LogRetryingAgain(channel, entry.Notification.DedupKey, attempts, outcome.Reason, wait.TotalSeconds);
                }

                break;
        }

        status.RecordAttempt(channel, outcome, now);
        status.RefreshSnapshot();
    }

    /// <summary>A Watchdog or re-send to an Alertmanager channel: no outbox row, but the channel's health counts it.</summary>
    public void RecordHeartbeat(string channel, DeliveryOutcome outcome)
    {
        if (outcome.IsFailure)
        {
            metrics.Failed(channel, outcome.Reason);
            if (_failures.Failing(channel + " watchdog", outcome.Reason))
            {
                LogHeartbeatFailed(channel, outcome.Detail);
            }
        }
        else if (_failures.Recovered(channel + " watchdog"))
        {
            LogHeartbeatRecovered(channel);
        }

        status.RecordHeartbeat(channel, outcome, time.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel}: {Action} of incident {Key} delivered (attempt {Attempt})")]
    private partial void LogDelivered(string channel, NotificationAction action, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel}: {Action} of incident {Key} failed (attempt {Attempt}): {Detail}; retrying in {Seconds:0.###}s (further failures like this are logged at debug level)")]
    private partial void LogRetrying(string channel, NotificationAction action, string key, int attempt, string detail, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Channel}: incident {Key} failed again (attempt {Attempt}, {Reason}); retrying in {Seconds:0.###}s")]
    private partial void LogRetryingAgain(string channel, string key, int attempt, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel}: delivers again")]
    private partial void LogChannelRecovered(string channel);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Channel}: {Action} of incident {Key} rejected as invalid, moved to dead letters (AlertDeliveryFailing until retried or dropped with 'monitor deadletters'): {Detail}")]
    private partial void LogRejected(string channel, NotificationAction action, string key, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel}: Watchdog/re-send failed: {Detail}")]
    private partial void LogHeartbeatFailed(string channel, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel}: Watchdog/re-send accepted again")]
    private partial void LogHeartbeatRecovered(string channel);
}
