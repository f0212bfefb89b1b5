using System.Buffers.Binary;
using System.Text;

namespace QuorumMonitor.ZooKeeper.Probes.Wire;

/// <summary>Jute serialization (big-endian primitives, length-prefixed strings and buffers) into one length-prefixed frame.</summary>
internal sealed class JuteWriter
{
    private readonly MemoryStream _body = new();

    public JuteWriter Int(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        _body.Write(b);
        return this;
    }

    public JuteWriter Long(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, value);
        _body.Write(b);
        return this;
    }

    public JuteWriter Bool(bool value)
    {
        _body.WriteByte(value ? (byte)1 : (byte)0);
        return this;
    }

    public JuteWriter Buffer(ReadOnlySpan<byte> value)
    {
        Int(value.Length);
        _body.Write(value);
        return this;
    }

    public JuteWriter String(string value) => Buffer(Encoding.UTF8.GetBytes(value));

    public byte[] ToFrame()
    {
        var frame = new byte[4 + _body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, (int)_body.Length);
        _body.GetBuffer().AsSpan(0, (int)_body.Length).CopyTo(frame.AsSpan(4));
        return frame;
    }
}
