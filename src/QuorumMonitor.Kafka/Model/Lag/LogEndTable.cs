namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>
/// When a partition's log end reached which offset: points of (offset, first seen, last seen), offsets increasing.
/// Lag in seconds is read from it by interpolation (as Kafka Lag Exporter does). When full, the older half is thinned,
/// so the table covers ever longer history at coarser spacing instead of forgetting the past.
/// </summary>
public sealed class LogEndTable
{
    private readonly long[] _offsets;
    private readonly long[] _firstSeenMs;
    private readonly long[] _lastSeenMs;

    public LogEndTable(int capacity = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 3);
        _offsets = new long[capacity];
        _firstSeenMs = new long[capacity];
        _lastSeenMs = new long[capacity];
    }

    public int Count { get; private set; }

    public long Offset(int i) => _offsets[i];

    /// <summary>When the log end was first seen at <see cref="Offset"/> <paramref name="i"/>: it got there at or before this.</summary>
    public long FirstSeenMs(int i) => _firstSeenMs[i];

    /// <summary>When the log end was last seen still at <see cref="Offset"/> <paramref name="i"/>: it moved on after this.</summary>
    public long LastSeenMs(int i) => _lastSeenMs[i];

    public void Observe(long logEnd, long nowMs)
    {
        if (Count > 0)
        {
            var last = Count - 1;
            if (logEnd == _offsets[last])
            {
                _lastSeenMs[last] = nowMs;
                return;
            }

            if (logEnd < _offsets[last])
            {
                // The log went backwards (topic deleted and re-created): the old history describes another log.
                Count = 0;
            }
        }

        if (Count == _offsets.Length)
        {
            Compact();
        }

        _offsets[Count] = logEnd;
        _firstSeenMs[Count] = nowMs;
        _lastSeenMs[Count] = nowMs;
        Count++;
    }

    /// <summary>Index of the first point whose offset is at least <paramref name="offset"/>; -1 when none is.</summary>
    public int FirstAtOrAbove(long offset)
    {
        int lo = 0, hi = Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_offsets[mid] >= offset)
            {
                found = mid;
                hi = mid - 1;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return found;
    }

    /// <summary>
    /// Drops every other point of the older half (the oldest point always stays): recent history keeps its resolution,
    /// older history gets coarser, and the table covers ever longer spans. Amortized, a few moves per observation.
    /// </summary>
    private void Compact()
    {
        var half = Count / 2;
        var write = 1;
        for (var read = 1; read < Count; read++)
        {
            if (read <= half && read % 2 == 1)
            {
                continue;
            }

            _offsets[write] = _offsets[read];
            _firstSeenMs[write] = _firstSeenMs[read];
            _lastSeenMs[write] = _lastSeenMs[read];
            write++;
        }

        Count = write;
    }
}
