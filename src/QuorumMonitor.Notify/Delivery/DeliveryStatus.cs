using Microsoft.Data.Sqlite;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Delivery's status as the API and the self-check see it, answered from memory, never from the state file: each
/// channel's health (from the attempts recorded), the outbox's counts (a snapshot refreshed after every write) and
/// the writer's pending changes. The lock guards only the in-memory health; the file is read outside it.
/// </summary>
internal sealed class DeliveryStatus
{
    private readonly OutboxStore _store;
    private readonly OutboxWriter _writer;
    private readonly IReadOnlyList<INotifier> _notifiers;
    private readonly TimeSpan _failingAfter;
    private readonly Dictionary<string, ChannelHealth> _health = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private OutboxSnapshot _snapshot = OutboxSnapshot.Empty;

    public DeliveryStatus(OutboxStore store, OutboxWriter writer, IReadOnlyList<INotifier> notifiers, TimeSpan failingAfter)
    {
        _store = store;
        _writer = writer;
        _notifiers = notifiers;
        _failingAfter = failingAfter;
        foreach (var n in notifiers)
        {
            _health[n.Channel.Name] = new ChannelHealth();
        }
    }

    public void RecordAttempt(string channel, DeliveryOutcome outcome, DateTimeOffset now)
    {
        lock (_lock)
        {
            _health[channel].Record(outcome, now);
        }
    }

    public void RecordHeartbeat(string channel, DeliveryOutcome outcome, DateTimeOffset now)
    {
        lock (_lock)
        {
            _health[channel].RecordHeartbeat(outcome, now);
        }
    }

    /// <summary>Reads the outbox's counts into memory. On a store error the last snapshot stands (the writer reports it).</summary>
    public void RefreshSnapshot()
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

    public DeliveryReport Report(DateTimeOffset now)
    {
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

    /// <summary>One report per channel, plus one for the outbox itself while it refuses writes.</summary>
    /// <param name="depth">Queued in the outbox plus pending in the writer.</param>
    /// <param name="oldest">When the oldest undelivered notification or pending change was made.</param>
    public List<ChannelDeliveryReport> ChannelReports(DateTimeOffset now, out int depth, out DateTimeOffset? oldest)
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
                var failing = _health[name].Failing(now, queue, dead, _failingAfter);
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

    /// <summary>As the config spells it.</summary>
    private static string KindName(NotifyChannelKind kind) => kind switch
    {
        NotifyChannelKind.Alertmanager => "alertmanager",
        NotifyChannelKind.PagerDuty => "pagerduty",
        _ => "webhook",
    };
}
