using System.Buffers.Binary;
using System.Text;

namespace QuorumMonitor.ZooKeeper.Probes.Wire;

/// <summary>Reads jute values from one received frame; any overrun is a protocol error, never an index exception.</summary>
internal ref struct JuteReader(ReadOnlySpan<byte> frame)
{
    private readonly ReadOnlySpan<byte> _frame = frame;
    private int _pos;

    public readonly int Remaining => _frame.Length - _pos;

    public int Int() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long Long() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public bool Bool() => Take(1)[0] != 0;

    public byte[]? Buffer()
    {
        var length = Int();
        if (length < 0)
        {
            return null;
        }

        return Take(length).ToArray();
    }

    public string? String() => Buffer() is { } b ? Encoding.UTF8.GetString(b) : null;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw new ZooKeeperProtocolException($"frame ends after {_frame.Length} bytes; needed {count} more at offset {_pos}");
        }

        var span = _frame.Slice(_pos, count);
        _pos += count;
        return span;
    }
}
