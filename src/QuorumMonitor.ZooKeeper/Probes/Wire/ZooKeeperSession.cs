using System.Buffers.Binary;
using System.Net.Sockets;

namespace QuorumMonitor.ZooKeeper.Probes.Wire;

/// <summary>
/// A small read-only ZooKeeper client over the native wire protocol (jute framing): open a session, read znodes,
/// close. One request at a time; watch notifications and pings are skipped. Enough for session checks and for
/// reading registrations such as <c>/brokers/ids</c>, nothing more.
/// </summary>
public sealed class ZooKeeperSession : IAsyncDisposable
{
    private const int MaxFrameBytes = 16 << 20;
    private const int OpExists = 3;
    private const int OpGetData = 4;
    private const int OpGetChildren2 = 12;
    private const int OpCloseSession = -11;
    private const int XidWatchEvent = -1;
    private const int XidPing = -2;

    private readonly Socket _socket;
    private int _xid;
    private bool _closed;

    private ZooKeeperSession(Socket socket, long sessionId, int negotiatedTimeoutMs, bool readOnly)
    {
        _socket = socket;
        SessionId = sessionId;
        NegotiatedTimeoutMs = negotiatedTimeoutMs;
        ReadOnly = readOnly;
    }

    public long SessionId { get; }

    public int NegotiatedTimeoutMs { get; }

    /// <summary>The server granted a read-only session (it is partitioned from its quorum but read-only mode is on).</summary>
    public bool ReadOnly { get; }

    /// <exception cref="SocketException">Refused or unreachable.</exception>
    /// <exception cref="ZooKeeperProtocolException">The server closed the connection at the handshake (it has no quorum) or refused the session.</exception>
    public static async Task<ZooKeeperSession> ConnectAsync(string host, int port, TimeSpan sessionTimeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            var request = new JuteWriter()
                .Int(0)                                 // protocolVersion
                .Long(0)                                // lastZxidSeen
                .Int((int)sessionTimeout.TotalMilliseconds)
                .Long(0)                                // sessionId: a new session
                .Buffer(new byte[16])                   // passwd
                .Bool(true)                             // readOnly: accept a read-only server too
                .ToFrame();
            await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var frame = await ReadFrameAsync(socket, "the session handshake", cancellationToken).ConfigureAwait(false);
            var (sessionId, timeout, readOnly) = ParseConnectResponse(frame);
            if (sessionId == 0)
            {
                throw new ZooKeeperProtocolException("the server refused the session (session id 0)");
            }

            return new ZooKeeperSession(socket, sessionId, timeout, readOnly);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<ZooKeeperStat?> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await RequestAsync(OpExists, path, cancellationToken).ConfigureAwait(false);
            return ParseStat(reply);
        }
        catch (ZooKeeperErrorException e) when (e.Code == -101)
        {
            return null;
        }
    }

    public async Task<(byte[]? Data, ZooKeeperStat Stat)> GetDataAsync(string path, CancellationToken cancellationToken)
    {
        var reply = await RequestAsync(OpGetData, path, cancellationToken).ConfigureAwait(false);
        return ParseData(reply);
    }

    public async Task<(IReadOnlyList<string> Children, ZooKeeperStat Stat)> GetChildrenAsync(string path, CancellationToken cancellationToken)
    {
        var reply = await RequestAsync(OpGetChildren2, path, cancellationToken).ConfigureAwait(false);
        return ParseChildren(reply);
    }

    /// <summary>Closes the session on the server so it does not linger until its timeout.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        var frame = new JuteWriter().Int(++_xid).Int(OpCloseSession).ToFrame();
        await _socket.SendAsync(frame, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        await ReadReplyAsync(_xid, "closeSession", cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<byte[]> RequestAsync(int op, string path, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var xid = ++_xid;
        var frame = new JuteWriter().Int(xid).Int(op).String(path).Bool(false).ToFrame();
        await _socket.SendAsync(frame, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        return await ReadReplyAsync(xid, path, cancellationToken).ConfigureAwait(false);
    }

    /// <returns>The reply body after the {xid, zxid, err} header.</returns>
    private async Task<byte[]> ReadReplyAsync(int xid, string what, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(_socket, what, cancellationToken).ConfigureAwait(false);
            var (replyXid, err) = ParseReplyHeader(frame);
            if (replyXid is XidWatchEvent or XidPing)
            {
                continue;
            }

            if (replyXid != xid)
            {
                throw new ZooKeeperProtocolException($"reply for xid {replyXid} while waiting for xid {xid}");
            }

            if (err != 0)
            {
                throw new ZooKeeperErrorException(err, what);
            }

            return frame[16..];
        }
    }

    private static (int Xid, int Err) ParseReplyHeader(byte[] frame)
    {
        var r = new JuteReader(frame);
        var xid = r.Int();
        _ = r.Long();
        return (xid, r.Int());
    }

    internal static (long SessionId, int TimeoutMs, bool ReadOnly) ParseConnectResponse(byte[] frame)
    {
        var r = new JuteReader(frame);
        _ = r.Int(); // protocolVersion
        var timeout = r.Int();
        var sessionId = r.Long();
        _ = r.Buffer();
        var readOnly = r.Remaining > 0 && r.Bool();
        return (sessionId, timeout, readOnly);
    }

    private static ZooKeeperStat ParseStat(byte[] body)
    {
        var r = new JuteReader(body);
        return ZooKeeperStat.Read(ref r);
    }

    private static (byte[]? Data, ZooKeeperStat Stat) ParseData(byte[] body)
    {
        var r = new JuteReader(body);
        var data = r.Buffer();
        return (data, ZooKeeperStat.Read(ref r));
    }

    private static (IReadOnlyList<string> Children, ZooKeeperStat Stat) ParseChildren(byte[] body)
    {
        var r = new JuteReader(body);
        var count = r.Int();
        if (count < 0 || count > r.Remaining / 4)
        {
            throw new ZooKeeperProtocolException($"child count {count} does not fit the frame");
        }

        var children = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            children.Add(r.String() ?? "");
        }

        return (children, ZooKeeperStat.Read(ref r));
    }

    private static async Task<byte[]> ReadFrameAsync(Socket socket, string what, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await ReadExactlyAsync(socket, header, what, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length < 0 || length > MaxFrameBytes)
        {
            throw new ZooKeeperProtocolException($"frame length {length} during {what} is out of range");
        }

        var frame = new byte[length];
        await ReadExactlyAsync(socket, frame, what, cancellationToken).ConfigureAwait(false);
        return frame;
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> buffer, string what, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new ZooKeeperProtocolException($"the server closed the connection during {what}");
            }

            read += n;
        }
    }
}
