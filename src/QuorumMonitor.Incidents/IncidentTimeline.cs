using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Incidents;

/// <summary>
/// An incident's timeline, bounded: a flapping incident open for days would otherwise grow without end, and every
/// notification (webhook bodies carry the timeline) with it. The first events (how it began) and the latest are kept;
/// one marker says how many in between were dropped.
/// </summary>
internal sealed class IncidentTimeline
{
    public const int KeepFirst = 10;
    public const int KeepLast = 190;

    private readonly List<IncidentEvent> _first = [];
    private readonly Queue<IncidentEvent> _last = new();
    private long _dropped;
    private DateTimeOffset _droppedUntil;

    public IncidentTimeline()
    {
    }

    /// <summary>A timeline carried over from the state file, exactly as it was kept.</summary>
    public IncidentTimeline(IncidentTimelineSnapshot kept)
    {
        _first.AddRange(kept.First);
        foreach (var e in kept.Last)
        {
            _last.Enqueue(e);
        }

        _dropped = kept.Dropped;
        _droppedUntil = kept.DroppedUntil;
    }

    public int Count => _first.Count + _last.Count + (_dropped > 0 ? 1 : 0);

    public void Add(IncidentEvent e)
    {
        if (_first.Count < KeepFirst)
        {
            _first.Add(e);
            return;
        }

        _last.Enqueue(e);
        if (_last.Count > KeepLast)
        {
            _droppedUntil = _last.Dequeue().At;
            _dropped++;
        }
    }

    public void AddRange(IncidentTimeline other)
    {
        foreach (var e in other.ToList())
        {
            Add(e);
        }
    }

    public IncidentTimelineSnapshot ToSnapshot() => new([.. _first], [.. _last], _dropped, _droppedUntil);

    public List<IncidentEvent> ToList()
    {
        var events = new List<IncidentEvent>(Count);
        events.AddRange(_first);
        if (_dropped > 0)
        {
            events.Add(new IncidentEvent(_droppedUntil, "elided", $"{_dropped} events not kept (the timeline keeps the first {KeepFirst} and the last {KeepLast})"));
        }

        events.AddRange(_last);
        return events;
    }
}
