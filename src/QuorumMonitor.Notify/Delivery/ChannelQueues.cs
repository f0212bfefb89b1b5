using System.Threading.Channels;
using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Hands each channel's sender its next notification from the outbox and wakes it when there is new work. A sender
/// waits on its own wake signal, so a write for one channel never wakes the others.
/// </summary>
internal sealed class ChannelQueues
{
    private readonly OutboxStore _store;
    private readonly Backoff _backoff;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Channel<bool>> _wake = new(StringComparer.Ordinal);

    public ChannelQueues(IEnumerable<string> channels, OutboxStore store, Backoff backoff, TimeProvider time)
    {
        _store = store;
        _backoff = backoff;
        _time = time;
        foreach (var channel in channels)
        {
            // One pending wake-up is enough: the sender reads the outbox's head, not the signal's count.
            _wake[channel] = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        }
    }

    public IReadOnlySet<string> Names => _wake.Keys.ToHashSet(StringComparer.Ordinal);

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

    /// <summary>Wakes the senders of these channels (unknown names are ignored).</summary>
    public void Wake(IEnumerable<string> channels)
    {
        foreach (var channel in channels)
        {
            if (_wake.TryGetValue(channel, out var wake))
            {
                wake.Writer.TryWrite(true);
            }
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
}
