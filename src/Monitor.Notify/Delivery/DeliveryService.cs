using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Monitor.Core.Config;
using Monitor.Core.Model;
using Monitor.Notify.Outbox;
using Monitor.Notify.Routing;

namespace Monitor.Notify.Delivery;

/// <summary>
/// The delivery side of incidents. <see cref="OnIncidentChanged"/> only writes to the outbox and wakes the channel
/// senders, so the engine never waits on a receiver. It keeps what each receiver has been told, so that a re-report
/// of an incident already paged (after a restart) is not paged again, and an incident that cleared while the monitor
/// was down still gets its resolve. It watches its own channels and raises <c>AlertDeliveryFailing</c>.
/// </summary>
public sealed partial class DeliveryService : IIncidentListener
{
    public const string DeliveryFailingAlert = "AlertDeliveryFailing";
    public const string DeliveryFailingKey = "quorum-monitor-alert-delivery-failing";
    public const string MonitorKind = "monitor";
    public const string MonitorCluster = "quorum-monitor";

    private readonly NotifyConfig _config;
    private readonly OutboxStore _store;
    private readonly Router _router;
    private readonly Backoff _backoff;
    private readonly DeliveryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryService> _log;
    private readonly IReadOnlyList<INotifier> _notifiers;
    private readonly Dictionary<string, ChannelHealth> _health = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Channel<bool>> _wake = new(StringComparer.Ordinal);
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
    private readonly TimeSpan _resumeGrace;
    private readonly Lock _lock = new();
    private string _failingChannels = "";
    private bool _orphansResolved;
    private (DateTimeOffset At, string Error)? _storeFailure;

    public DeliveryService(MonitorConfig config, OutboxStore store, IEnumerable<INotifier> notifiers, DeliveryMetrics metrics, TimeProvider time, ILogger<DeliveryService> log)
    {
        _config = config.Notify ?? throw new ArgumentException("the config has no notify: section", nameof(config));
        _store = store;
        _router = new Router(_config);
        _backoff = new Backoff(_config.Retry, new Random());
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

    public void OnIncidentChanged(IncidentChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var targets = _router.ChannelsFor(change.Incident.Severity);
        Accept(change, targets);
    }

    public OutboxEntry? Head(string channel) => _store.Head(channel);

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
                LogRetrying(channel, entry.Notification.Action, entry.Notification.DedupKey, attempts, outcome.Detail, wait.TotalSeconds);
                break;
        }

        lock (_lock)
        {
            _health[channel].Record(outcome, now);
        }
    }

    public void RecordHeartbeat(string channel, DeliveryOutcome outcome)
    {
        if (outcome.IsFailure)
        {
            _metrics.Failed(channel, outcome.Reason);
            LogHeartbeatFailed(channel, outcome.Detail);
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

    /// <summary>Periodic self-check: raise or resolve AlertDeliveryFailing, resolve leftovers after a restart, gauges.</summary>
    public void CheckHealth()
    {
        var now = _time.GetUtcNow();
        var channels = ChannelReports(now, out var depth, out var oldest);
        _metrics.Queue(depth, oldest is { } o ? now - o : null);
        foreach (var c in channels)
        {
            _metrics.Failing(c.Name, !c.Healthy);
        }

        RaiseOrResolveDeliveryFailing(channels, now);
        if (!_orphansResolved && now - StartedAt >= _resumeGrace)
        {
            _orphansResolved = true;
            ResolveLeftovers(now);
        }
    }

    public DeliveryReport Report()
    {
        var now = _time.GetUtcNow();
        var channels = ChannelReports(now, out var depth, out var oldest);
        return new DeliveryReport
        {
            Healthy = channels.All(c => c.Healthy) && _storeFailure is null,
            QueueDepth = depth,
            OldestUndeliveredSeconds = oldest is { } o ? Math.Round((now - o).TotalSeconds, 3) : null,
            DeadLetters = _store.DeadLetterCount(),
            Channels = channels,
        };
    }

    /// <summary>AlertDeliveryFailing for the status API, while it fires.</summary>
    public IReadOnlyList<AlertReport> Alerts()
    {
        var record = _store.FindIncidentByEngineId(DeliveryFailingKey);
        return record is { Firing: true } ? [record.Incident.RootCause] : [];
    }

    private void Accept(IncidentChange change, IReadOnlyList<string> targets)
    {
        HashSet<string> touched;
        try
        {
            lock (_lock)
            {
                touched = [];
                _store.InTransaction(() => touched = Apply(change, targets));
                _storeFailure = null;
            }
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            // Never throw into the engine; the failure shows on the status API and metrics instead.
            lock (_lock)
            {
                _storeFailure = (_time.GetUtcNow(), ex.Message);
            }

            _metrics.Failed("outbox", "store-error");
            LogStoreFailed(ex, change.Incident.Id);
            return;
        }

        foreach (var channel in touched)
        {
            if (_wake.TryGetValue(channel, out var wake))
            {
                wake.Writer.TryWrite(true);
            }
        }
    }

    private HashSet<string> Apply(IncidentChange change, IReadOnlyList<string> targets)
    {
        var incident = change.Incident;
        var identity = IdentityOf(incident.RootCause);
        var fingerprint = $"{Names.Kebab(incident.Severity)}|{incident.RootCause.Name}";
        var record = _store.FindIncidentByEngineId(incident.Id)
            ?? _store.FiringIncidents().FirstOrDefault(r => r.Identity == identity && !_claimed.Contains(r.DedupKey));
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var now = _time.GetUtcNow();

        if (change.Kind == IncidentChangeKind.Resolved)
        {
            if (record is not { Firing: true })
            {
                return touched;
            }

            Enqueue(record.DedupKey, NotificationAction.Resolve, incident, change.At, record.Channels, touched);
            _store.SaveIncident(record with { EngineId = incident.Id, Firing = false, Incident = incident, UpdatedAt = now });
            _claimed.Add(record.DedupKey);
            return touched;
        }

        var key = record?.DedupKey ?? incident.Id;
        IReadOnlyList<string> send;
        IReadOnlyList<string> told;
        if (record is { Firing: true })
        {
            // Only a new severity or root cause is news. Symptoms coming and going, a reworded summary, or the root
            // cause clearing while the incident waits out its resolve hold are context: the record keeps them (the
            // Alertmanager re-send carries them) but nobody is notified again.
            var news = record.Fingerprint != fingerprint && incident.RootCause.State == AlertState.Firing;
            send = news ? targets : targets.Except(record.Channels, StringComparer.Ordinal).ToList();
            told = record.Channels.Union(send, StringComparer.Ordinal).ToList();
            if (!news && send.Count == 0)
            {
                LogAlreadyNotified(key, incident.Id);
            }
        }
        else
        {
            send = targets;
            told = targets;
        }

        Enqueue(key, NotificationAction.Trigger, incident, change.At, send, touched);
        _store.SaveIncident(new IncidentRecord(key, incident.Id, identity, true, fingerprint, told, incident, now));
        _claimed.Add(key);
        return touched;
    }

    private void Enqueue(string key, NotificationAction action, IncidentReport incident, DateTimeOffset at, IEnumerable<string> channels, HashSet<string> touched)
    {
        var now = _time.GetUtcNow();
        foreach (var channel in channels)
        {
            if (_wake.ContainsKey(channel))
            {
                _store.Enqueue(channel, new Notification(key, action, incident, at), now);
                touched.Add(channel);
            }
        }
    }

    /// <summary>As the config spells it.</summary>
    private static string KindName(NotifyChannelKind kind) => kind switch
    {
        NotifyChannelKind.Alertmanager => "alertmanager",
        NotifyChannelKind.PagerDuty => "pagerduty",
        _ => "webhook",
    };

    private static string IdentityOf(AlertReport root) =>
        string.Join('|', [root.Kind, root.Cluster, root.Name, .. root.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")]);

    private List<ChannelDeliveryReport> ChannelReports(DateTimeOffset now, out int depth, out DateTimeOffset? oldest)
    {
        var stats = _store.QueueStats().ToDictionary(s => s.Channel, StringComparer.Ordinal);
        depth = stats.Values.Sum(s => s.Depth);
        oldest = stats.Values.Select(s => s.OldestCreatedAt).Where(o => o is not null).Min();
        var reports = new List<ChannelDeliveryReport>();
        lock (_lock)
        {
            foreach (var n in _notifiers)
            {
                var name = n.Channel.Name;
                stats.TryGetValue(name, out var s);
                var failing = _health[name].Failing(now, s?.Depth ?? 0, s?.OldestCreatedAt, _config.FailingAfter);
                reports.Add(new ChannelDeliveryReport
                {
                    Name = name,
                    Kind = KindName(n.Channel.Kind),
                    Healthy = failing is null,
                    QueueDepth = s?.Depth ?? 0,
                    Reason = failing?.Reason,
                    FailingSince = failing?.Since,
                    LastDeliveredAt = _health[name].LastDeliveredAt,
                });
            }

            if (_storeFailure is { } sf)
            {
                reports.Add(new ChannelDeliveryReport { Name = "outbox", Kind = "store", Healthy = false, Reason = $"cannot write the outbox: {sf.Error}", FailingSince = sf.At });
            }
        }

        return reports;
    }

    private void RaiseOrResolveDeliveryFailing(List<ChannelDeliveryReport> channels, DateTimeOffset now)
    {
        var failing = channels.Where(c => !c.Healthy).ToList();
        var names = string.Join(",", failing.Select(c => c.Name));
        var record = _store.FindIncidentByEngineId(DeliveryFailingKey);
        string previous;
        lock (_lock)
        {
            previous = _failingChannels;
            _failingChannels = names;
        }

        if (failing.Count == 0)
        {
            if (record is { Firing: true })
            {
                var resolved = DeliveryFailingIncident(record.Incident.StartedAt, IncidentState.Resolved, "alert delivery works again on every channel", now);
                Accept(new IncidentChange(IncidentChangeKind.Resolved, resolved, now), []);
                LogDeliveryRecovered();
            }

            return;
        }

        if (record is { Firing: true } && previous == names)
        {
            return;
        }

        var summary = "Alert delivery failing: " + string.Join("; ", failing.Select(c => $"{c.Name} ({c.Kind}) {c.Reason}"))
            + ". Pages routed there may not reach anyone.";
        var since = failing.Min(c => c.FailingSince) ?? now;
        var incident = DeliveryFailingIncident(record is { Firing: true } ? record.Incident.StartedAt : since, IncidentState.Open, summary, null);
        var healthy = channels.Where(c => c.Healthy && c.Kind != "store").Select(c => c.Name).ToList();
        var fallback = _router.Fallback;
        IReadOnlyList<string> targets = fallback is not null && healthy.Contains(fallback) ? [fallback] : healthy;
        var kind = record is { Firing: true } ? IncidentChangeKind.Updated : IncidentChangeKind.Opened;
        Accept(new IncidentChange(kind, incident, now), targets);
        LogDeliveryFailing(summary);
    }

    private static IncidentReport DeliveryFailingIncident(DateTimeOffset since, IncidentState state, string summary, DateTimeOffset? resolvedAt)
    {
        var alert = new AlertReport
        {
            Name = DeliveryFailingAlert,
            Severity = Severity.Page,
            State = state == IncidentState.Open ? AlertState.Firing : AlertState.Resolved,
            Kind = MonitorKind,
            Cluster = MonitorCluster,
            Summary = summary,
            ActiveSince = since,
            FiringSince = since,
            ResolvedAt = resolvedAt,
        };
        return new IncidentReport
        {
            Id = DeliveryFailingKey,
            Severity = Severity.Page,
            State = state,
            Summary = summary,
            RootCause = alert,
            Clusters = [MonitorCluster],
            StartedAt = since,
            ResolvedAt = resolvedAt,
        };
    }

    private void ResolveLeftovers(DateTimeOffset now)
    {
        List<IncidentRecord> leftovers;
        lock (_lock)
        {
            leftovers = _store.FiringIncidents().Where(r => r.DedupKey != DeliveryFailingKey && !_claimed.Contains(r.DedupKey)).ToList();
        }

        foreach (var r in leftovers)
        {
            var note = $"Resolved by Quorum Monitor: still firing when it last stopped, not seen again within {Math.Round(_resumeGrace.TotalSeconds)}s of its restart.";
            var resolved = new IncidentReport
            {
                Id = r.EngineId,
                Severity = r.Incident.Severity,
                State = IncidentState.Resolved,
                Summary = r.Incident.Summary,
                RootCause = r.Incident.RootCause,
                Symptoms = r.Incident.Symptoms,
                Clusters = r.Incident.Clusters,
                Annotations = [.. r.Incident.Annotations, note],
                StartedAt = r.Incident.StartedAt,
                ResolvedAt = now,
                Timeline = r.Incident.Timeline,
            };
            LogLeftoverResolved(r.DedupKey);
            Accept(new IncidentChange(IncidentChangeKind.Resolved, resolved, now), []);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Channel}: {Action} of incident {Key} delivered (attempt {Attempt})")]
    private partial void LogDelivered(string channel, NotificationAction action, string key, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel}: {Action} of incident {Key} failed (attempt {Attempt}): {Detail}; retrying in {Seconds:0.###}s")]
    private partial void LogRetrying(string channel, NotificationAction action, string key, int attempt, string detail, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Channel}: {Action} of incident {Key} rejected as invalid, moved to dead letters, never retried: {Detail}")]
    private partial void LogRejected(string channel, NotificationAction action, string key, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel}: Watchdog/re-send failed: {Detail}")]
    private partial void LogHeartbeatFailed(string channel, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "incident {Key} (engine id {EngineId}) re-reported with nothing new; receivers already know, not notifying again")]
    private partial void LogAlreadyNotified(string key, string engineId);

    [LoggerMessage(Level = LogLevel.Critical, Message = "cannot write incident {Id} to the outbox")]
    private partial void LogStoreFailed(Exception ex, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "AlertDeliveryFailing: {Summary}")]
    private partial void LogDeliveryFailing(string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "AlertDeliveryFailing resolved: every channel delivers again")]
    private partial void LogDeliveryRecovered();

    [LoggerMessage(Level = LogLevel.Information, Message = "incident {Key} was firing before the restart and was not reported again: sending its resolve")]
    private partial void LogLeftoverResolved(string key);
}
