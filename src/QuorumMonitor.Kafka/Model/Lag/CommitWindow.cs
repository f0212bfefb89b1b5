namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>The last N observations of one group on one partition: committed offset, log end and time (Burrow's ring).</summary>
public sealed class CommitWindow
{
    private readonly long[] _committed;
    private readonly long[] _logEnd;
    private readonly long[] _atMs;
    private int _start;

    public CommitWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _committed = new long[capacity];
        _logEnd = new long[capacity];
        _atMs = new long[capacity];
    }

    public int Count { get; private set; }

    public int Capacity => _committed.Length;

    public bool IsFull => Count == Capacity;

    /// <summary>Oldest first: index 0 is the oldest entry, <c>Count - 1</c> the newest.</summary>
    public long Committed(int i) => _committed[Slot(i)];

    public long LogEnd(int i) => _logEnd[Slot(i)];

    public long AtMs(int i) => _atMs[Slot(i)];

    public long Lag(int i) => Math.Max(0, LogEnd(i) - Committed(i));

    public void Add(long committed, long logEnd, long atMs)
    {
        int slot;
        if (Count < Capacity)
        {
            slot = Slot(Count);
            Count++;
        }
        else
        {
            slot = _start;
            _start = _start + 1 == Capacity ? 0 : _start + 1;
        }

        _committed[slot] = committed;
        _logEnd[slot] = logEnd;
        _atMs[slot] = atMs;
    }

    private int Slot(int i)
    {
        var slot = _start + i;
        return slot < _committed.Length ? slot : slot - _committed.Length;
    }
}
