using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Outbox;
using QuorumMonitor.Notify.Routing;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// The delivery side of incidents. <see cref="OnIncidentChanged"/> only hands the change to the
/// <see cref="OutboxWriter"/>'s in-memory queue, so the engine never waits on the state file or a receiver. The
/// senders (<see cref="DeliveryWorker"/>) take each channel's head from the outbox and report back here; the status
/// API (<see cref="Report"/>, <see cref="Alerts"/>) is answered from memory, never from the file. It watches its own
/// channels (<see cref="DeliveryFailingAlarm"/>) and has the <see cref="IncidentReconciler"/> check that no announced
/// change went missing.
/// </summary>
public sealed partial class DeliveryService : IIncidentListener
{
    public const string DeliveryFailingAlert = DeliveryFailingAlarm.Alert;
    public const string DeliveryFailingKey = DeliveryFailingAlarm.Key;
    public const string MonitorKind = DeliveryFailingAlarm.MonitorKind;
    public const string MonitorCluster = DeliveryFailingAlarm.MonitorCluster;

    private readonly NotifyConfig _config;
    private readonly OutboxStore _store;
    private readonly Backoff _backoff;
    private readonly DeliveryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryService> _log;
    private readonly IReadOnlyList<INotifier> _notifiers;
    private readonly Dictionary<string, ChannelHealth> _health = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Channel<bool>> _wake = new(StringComparer.Ordinal);
    private readonly StateChangeLog _failures = new();
    private readonly OutboxWriter _writer;
    private readonly IncidentReconciler _reconciler;
    private readonly DeliveryFailingAlarm _alarm;
    private readonly TimeSpan _resumeGrace;
    private readonly Lock _lock = new();
    private OutboxSnapshot _snapshot = OutboxSnapshot.Empty;
    private bool _leftoversSwept;

    public DeliveryService(MonitorConfig config, OutboxStore store, IEnumerable<INotifier> notifiers, DeliveryMetrics metrics, Randomizer random, TimeProvider time, ILogger<DeliveryService> log)
    {
        _config = config.Notify ?? throw new ArgumentException("the config has no notify: section", nameof(config));
        _store = store;
        var router = new Router(_config);
        _backoff = new Backoff(_config.Retry, random);
        _metrics = metrics;
        _time = time;
        _log = log;
        _notifiers = notifiers.ToList();
        foreach (var n in _notifiers)
        {
            _health[n.Channel.Name] = new ChannelHealth();
            _wake[n.Channel.Name] = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        }

        StartedAt = time.GetUtcNow();
        _resumeGrace = _config.ResumeGrace ?? DefaultResumeGrace(config.Monitor);
        _writer = new OutboxWriter(store, router, _wake.Keys.ToHashSet(StringComparer.Ordinal), _resumeGrace, time, log, Written);
        _reconciler = new IncidentReconciler(store, _writer, log);
        _alarm = new DeliveryFailingAlarm(router, store.FindIncidentByEngineId(DeliveryFailingKey) is { Firing: true } r ? r.Incident : null);
        RefreshSnapshot();
    }

    public DateTimeOffset StartedAt { get; }

    public IReadOnlyList<INotifier> Notifiers => _notifiers;

    public NotifyConfig Config => _config;

    /// <summary>Long enough for a restarted engine to confirm what is still firing before leftovers are resolved.</summary>
    public static TimeSpan DefaultResumeGrace(MonitorSettings m)
    {
        var confirm = (m.Interval * (m.ConfirmRounds + m.ResolveRounds + 2)) + m.For + m.Deadline;
        return confirm < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : confirm;
    }

    /// <summary>Called by the engine under its lock: queues in memory, returns at once, never throws for the store.</summary>
    public void OnIncidentChanged(IncidentChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _writer.Accept(change);
        _reconciler.Announced(change);
    }

    /// <summary>The writer loop: run by the <see cref="DeliveryWorker"/>.</summary>
    public Task RunWriterAsync(CancellationToken stoppingToken) => _writer.RunAsync(stoppingToken);

    /// <summary>Completes once every change accepted so far is in the outbox.</summary>
    public Task WhenWrittenAsync(CancellationToken cancellationToken) => _writer.WhenWrittenAsync(cancellationToken);

    /// <summary>The channel's next notification. A damaged row goes to the dead letters; a due time beyond the
    /// longest backoff (written by an older version, or a clock jump) is brought back to it.</summary>
    public OutboxEntry? Head(string channel)
    {
        var now = _time.GetUtcNow();
        var head = _store.Head(channel, now);
        if (head is not null && head.NextAttemptAt - now > _backoff.Longest)
        {
            var due = now + _backoff.Longest;
            _store.Reschedule(head.Seq, head.Attempts, due, head.LastError ?? "");
            head = head with { NextAttemptAt = due };
        }

        return head;
    }

    public async Task WaitForWorkAsync(string channel, CancellationToken cancellationToken)
    {
        var reader = _wake[channel].Reader;
        await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        reader.TryRead(out _);
    }

    /// <summary>Applies one attempt's outcome: remove on success, reschedule with backoff, or dead-letter.</summary>
    public void Record(OutboxEntry entry, DeliveryOutcome outcome)
    {
        var now = _time.GetUtcNow();
        var channel = entry.Channel;
        switch (outcome.Kind)
        {
            case DeliveryOutcomeKind.Delivered:
                _store.Remove(entry.Seq);
                _metrics.Sent(channel);
                LogDelivered(channel, entry.Notification.Action, entry.Notification.DedupKey, entry.Attempts + 1);
                if (_failures.Recovered(channel))
                {
                    LogChannelRecovered(channel);
                }

                break;
            case DeliveryOutcomeKind.Invalid:
                _store.DeadLetter(entry.Seq, now, outcome.Detail);
                _metrics.Failed(channel, outcome.Reason);
                LogRejected(channel, entry.Notification.Action, entry.Notification.DedupKey, outcome.Detail);
                break;
            default:
                var attempts = entry.Attempts + 1;
                var wait = _backoff.After(attempts, outcome);
                _store.Reschedule(entry.Seq, attempts, now + wait, outcome.Detail);
                _metrics.Failed(channel, outcome.Reason);
                _metrics.Retried(channel);
                // Once per kind of failure, not once per attempt: a receiver down for an hour is one warning.
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

        lock (_lock)
        {
            _health[channel].Record(outcome, now);
        }

        RefreshSnapshot();
    }

    public void RecordHeartbeat(string channel, DeliveryOutcome outcome)
    {
        if (outcome.IsFailure)
        {
            _metrics.Failed(channel, outcome.Reason);
            if (_failures.Failing(channel + " watchdog", outcome.Reason))
            {
                LogHeartbeatFailed(channel, outcome.Detail);
            }
        }
        else if (_failures.Recovered(channel + " watchdog"))
        {
            LogHeartbeatRecovered(channel);
        }

        lock (_lock)
        {
            _health[channel].RecordHeartbeat(outcome, _time.GetUtcNow());
        }
    }

    /// <summary>Incidents the channel has been told are firing: Alertmanager gets them again every re-send period.</summary>
    public IReadOnlyList<Notification> FiringFor(string channel)
    {
        var now = _time.GetUtcNow();
        return _store.FiringIncidents()
            .Where(r => r.Channels.Contains(channel))
            .Select(r => new Notification(r.DedupKey, NotificationAction.Trigger, r.Incident, now))
            .ToList();
    }

    /// <summary>Periodic self-check: raise or resolve AlertDeliveryFailing, reconcile, resolve leftovers, gauges.</summary>
    public void CheckHealth()
    {
        RefreshSnapshot();
        var now = _time.GetUtcNow();
        var channels = ChannelReports(now, out var depth, out var oldest);
        _metrics.Queue(depth, oldest is { } o ? now - o : null);
        foreach (var c in channels.Where(c => c.Kind != "store"))
        {
            _metrics.Failing(c.Name, !c.Healthy);
        }

        if (_alarm.Evaluate(channels, now) is { } alarm)
        {
            _writer.Accept(alarm.Change, alarm.Targets);
            if (alarm.Change.Kind == IncidentChangeKind.Resolved)
            {
                LogDeliveryRecovered();
            }
            else
            {
                LogDeliveryFailing(alarm.Change.Incident.Summary);
            }
        }

        _reconciler.Check();
        if (!_leftoversSwept && now - StartedAt >= _resumeGrace)
        {
            _leftoversSwept = true;
            _writer.SweepLeftovers();
        }
    }

    /// <summary>From memory: answers at once even while another process holds the state file locked.</summary>
    public DeliveryReport Report()
    {
        var now = _time.GetUtcNow();
        var channels = ChannelReports(now, out var depth, out var oldest);
        var snapshot = Volatile.Read(ref _snapshot);
        return new DeliveryReport
        {
            Healthy = channels.All(c => c.Healthy),
            QueueDepth = depth,
            OldestUndeliveredSeconds = oldest is { } o ? Math.Round((now - o).TotalSeconds, 3) : null,
            DeadLetters = snapshot.DeadLetters.Values.Sum(d => d.Count),
            Channels = channels,
        };
    }

    /// <summary>AlertDeliveryFailing for the status API, while it fires. From memory.</summary>
    public IReadOnlyList<AlertReport> Alerts() => _alarm.Firing is { } incident ? [incident.RootCause] : [];

    /// <summary>Dead letters, oldest first (reads the state file: for the CLI, not the status page).</summary>
    public IReadOnlyList<DeadLetter> DeadLetters() => _store.DeadLetters();

    /// <summary>Puts a dead letter back in its channel's queue (at the tail), due now.</summary>
    public bool RetryDeadLetter(long seq)
    {
        var channel = _store.RetryDeadLetter(seq, _time.GetUtcNow());
        if (channel is null)
        {
            return false;
        }

        LogDeadLetterRetried(seq, channel);
        RefreshSnapshot();
        Written([channel]);
        return true;
    }

    /// <summary>Drops a dead letter for good: someone has looked at it. Clears its part of AlertDeliveryFailing.</summary>
    public bool DropDeadLetter(long seq)
    {
        if (!_store.DropDeadLetter(seq))
        {
            return false;
        }

        LogDeadLetterDropped(seq);
        RefreshSnapshot();
        return true;
    }

    /// <summary>As the config spells it.</summary>
    private static string KindName(NotifyChannelKind kind) => kind switch
    {
        NotifyChannelKind.Alertmanager => "alertmanager",
        NotifyChannelKind.PagerDuty => "pagerduty",
        _ => "webhook",
    };

    private void Written(IReadOnlyCollection<string> channels)
    {
        RefreshSnapshot();
        foreach (var channel in channels)
        {
            if (_wake.TryGetValue(channel, out var wake))
            {
                wake.Writer.TryWrite(true);
            }
        }
    }

    /// <summary>Reads the outbox's counts into memory. On a store error the last snapshot stands (the writer reports it).</summary>
    private void RefreshSnapshot()
    {
        try
        {
            Volatile.Write(ref _snapshot, _store.Snapshot());
        }
        catch (SqliteException)
        {
            // Stale counts for a moment; pending changes and the store failure are reported from the writer.
        }
    }

    private List<ChannelDeliveryReport> ChannelReports(DateTimeOffset now, out int depth, out DateTimeOffset? oldest)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var pending = _writer.PendingCount;
        var oldestPending = pending > 0 ? _writer.OldestPending : null;
        depth = snapshot.Queues.Values.Sum(s => s.Depth) + pending;
        oldest = snapshot.Queues.Values.Select(s => s.OldestCreatedAt).Append(oldestPending).Where(o => o is not null).Min();
        var reports = new List<ChannelDeliveryReport>();
        lock (_lock)
        {
            foreach (var n in _notifiers)
            {
                var name = n.Channel.Name;
                snapshot.Queues.TryGetValue(name, out var queue);
                snapshot.DeadLetters.TryGetValue(name, out var dead);
                var failing = _health[name].Failing(now, queue, dead, _config.FailingAfter);
                reports.Add(new ChannelDeliveryReport
                {
                    Name = name,
                    Kind = KindName(n.Channel.Kind),
                    Healthy = failing is null,
                    QueueDepth = queue?.Depth ?? 0,
                    Reason = failing?.Reason,
                    FailingSince = failing?.Since,
                    LastDeliveredAt = _health[name].LastDeliveredAt,
                });
            }
        }

        if (_writer.Failure is { } sf)
        {
            reports.Add(new ChannelDeliveryReport
            {
                Name = "outbox",
                Kind = "store",
                Healthy = false,
                QueueDepth = pending,
                Reason = $"cannot write the outbox (notify.stateFile) since {sf.Since:O}: {sf.Error}; {pending} incident change(s) kept in memory and retried",
                FailingSince = sf.Since,
            });
        }

        return reports;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "AlertDeliveryFailing: {Summary}")]
    private partial void LogDeliveryFailing(string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "AlertDeliveryFailing resolved: every channel delivers again")]
    private partial void LogDeliveryRecovered();

    [LoggerMessage(Level = LogLevel.Warning, Message = "dead letter {Seq} put back in the {Channel} queue")]
    private partial void LogDeadLetterRetried(long seq, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "dead letter {Seq} dropped")]
    private partial void LogDeadLetterDropped(long seq);
}
