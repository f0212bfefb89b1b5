using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Outbox;
using QuorumMonitor.Notify.Routing;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Routes incident changes into the outbox, on a loop of its own. <see cref="Accept"/> only appends to an in-memory
/// queue (the incident tracker calls it under its lock, on the pipeline thread), so a locked or slow state file delays delivery,
/// never evaluation or the status API. A write that fails stays at the head of the queue, in order, and is retried
/// until the file takes it: no change is ever dropped for a store error. Only this loop writes incident state, so
/// changes apply one at a time, in the order the incident tracker made them.
/// </summary>
public sealed partial class OutboxWriter
{
    /// <summary>Between attempts on a store that failed; each attempt itself waits up to the store's busy timeout.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly OutboxStore _store;
    private readonly Router _router;
    private readonly IReadOnlySet<string> _channels;
    private readonly TimeProvider _time;
    private readonly TimeSpan _resumeGrace;
    private readonly ILogger _log;
    private readonly Action<IReadOnlyCollection<string>> _written;
    private readonly LinkedList<PendingChange> _pending = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
    private readonly StateChangeLog _failures = new();
    private TaskCompletionSource _idle = NewIdle(completed: true);
    private (DateTimeOffset Since, string Error)? _failure;

    /// <param name="written">Called after each successful write with the channels it queued notifications for.</param>
    public OutboxWriter(OutboxStore store, Router router, IReadOnlySet<string> channels, TimeSpan resumeGrace, TimeProvider time, ILogger log, Action<IReadOnlyCollection<string>> written)
    {
        _store = store;
        _router = router;
        _channels = channels;
        _resumeGrace = resumeGrace;
        _time = time;
        _log = log;
        _written = written;
    }

    /// <summary>Changes accepted and not yet in the outbox.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count(p => !p.SweepLeftovers);
            }
        }
    }

    public DateTimeOffset? OldestPending
    {
        get
        {
            lock (_lock)
            {
                return _pending.First?.Value.AcceptedAt;
            }
        }
    }

    /// <summary>Since when, and why, the outbox refuses writes; null while it takes them.</summary>
    public (DateTimeOffset Since, string Error)? Failure
    {
        get
        {
            lock (_lock)
            {
                return _failure;
            }
        }
    }

    /// <summary>Queues the change; never blocks on the store. <paramref name="targets"/> null: route by severity.</summary>
    public void Accept(IncidentChange change, IReadOnlyList<string>? targets = null) =>
        Append(new PendingChange(change, targets, _time.GetUtcNow()));

    /// <summary>Queues the post-restart sweep: resolve what was firing before and has not been reported since.</summary>
    public void SweepLeftovers() => Append(new PendingChange(null, null, _time.GetUtcNow(), SweepLeftovers: true));

    public bool HasPending(string trackerId)
    {
        lock (_lock)
        {
            return _pending.Any(p => p.Change?.Incident.Id == trackerId);
        }
    }

    /// <summary>Completes once every change accepted so far is in the outbox (or was dropped as a bug).</summary>
    public Task WhenWrittenAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            PendingChange? head;
            lock (_lock)
            {
                head = _pending.First?.Value;
            }

            if (head is null)
            {
                await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (!TryWrite(head))
            {
                await Task.Delay(RetryDelay, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void Append(PendingChange pending)
    {
        lock (_lock)
        {
            _pending.AddLast(pending);
            if (_idle.Task.IsCompleted)
            {
                _idle = NewIdle(completed: false);
            }
        }

        _signal.Release();
    }

    /// <returns>False when the store failed and the head must be tried again.</returns>
    private bool TryWrite(PendingChange head)
    {
        HashSet<string> touched = new(StringComparer.Ordinal);
        try
        {
            _store.InTransaction(() => touched = head.SweepLeftovers ? ResolveLeftovers() : Apply(head.Change!, head.Targets));
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            lock (_lock)
            {
                _failure ??= (_time.GetUtcNow(), ex.Message);
                _failure = (_failure.Value.Since, ex.Message);
            }

            if (_failures.Failing("outbox", ex.Message))
            {
                LogStoreFailed(ex.Message, PendingCount);
            }

            return false;
        }
#pragma warning disable CA1031 // A bug in one change must not wedge every change behind it; the reconciler offers it again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogChangeFailed(ex, head.Change?.Incident.Id ?? "(leftover sweep)");
        }

        lock (_lock)
        {
            _pending.RemoveFirst();
            _failure = null;
            if (_pending.Count == 0)
            {
                _idle.TrySetResult();
            }
        }

        if (_failures.Recovered("outbox"))
        {
            LogStoreRecovered();
        }

        _written(touched);
        return true;
    }

    private HashSet<string> Apply(IncidentChange change, IReadOnlyList<string>? routed)
    {
        var targets = routed ?? _router.ChannelsFor(change.Incident);
        var incident = change.Incident;
        var identity = IdentityOf(incident.RootCause);
        var fingerprint = $"{Names.Kebab(incident.Severity)}|{incident.RootCause.Name}";
        var record = _store.FindIncidentByTrackerId(incident.Id)
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
            _store.SaveIncident(record with { TrackerId = incident.Id, Firing = false, Incident = incident, UpdatedAt = now });
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
            if (_channels.Contains(channel))
            {
                _store.Enqueue(channel, new Notification(key, action, incident, at), now);
                touched.Add(channel);
            }
        }
    }

    private HashSet<string> ResolveLeftovers()
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var now = _time.GetUtcNow();
        var leftovers = _store.FiringIncidents().Where(r => r.DedupKey != DeliveryFailingAlarm.Key && !_claimed.Contains(r.DedupKey)).ToList();
        foreach (var r in leftovers)
        {
            LogLeftoverResolved(r.DedupKey);
            touched.UnionWith(Apply(new IncidentChange(IncidentChangeKind.Resolved, LeftoverResolution.Of(r, now, _resumeGrace), now), []));
        }

        return touched;
    }

    private static string IdentityOf(AlertReport root) =>
        string.Join('|', [root.Kind, root.Cluster, root.Name, .. root.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")]);

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            tcs.SetResult();
        }

        return tcs;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "cannot write to the outbox (notify.stateFile): {Error}; {Pending} incident change(s) kept in memory, in order, retried until it works")]
    private partial void LogStoreFailed(string error, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the outbox (notify.stateFile) takes writes again; queued incident changes are being written")]
    private partial void LogStoreRecovered();

    [LoggerMessage(Level = LogLevel.Critical, Message = "incident change {Id} could not be applied (a bug, not the store); the reconciler will offer it again")]
    private partial void LogChangeFailed(Exception ex, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "incident {Key} (tracker id {TrackerId}) re-reported with nothing new; receivers already know, not notifying again")]
    private partial void LogAlreadyNotified(string key, string trackerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "incident {Key} was firing before the restart and was not reported again: sending its resolve")]
    private partial void LogLeftoverResolved(string key);
}
