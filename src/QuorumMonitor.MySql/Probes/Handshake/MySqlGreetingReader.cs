using System.Net;
using System.Net.Sockets;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.MySql.Probes.Handshake;

/// <summary>
/// A raw TCP (or Unix socket) connection that reads the server's greeting and closes, before any driver is involved:
/// it is what tells "TCP accepted, no greeting" (a frozen server) from "greeting arrived, then silence".
/// </summary>
public sealed class MySqlGreetingReader : IDisposable
{
    private const int MaxGreetingBytes = 64 * 1024;
    private readonly Socket _socket;
    private readonly EndPoint _endPoint;

    public MySqlGreetingReader(string endpoint)
    {
        if (endpoint.StartsWith('/'))
        {
            _endPoint = new UnixDomainSocketEndPoint(endpoint);
            _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        }
        else
        {
            if (!HostPort.TryParse(endpoint, out var hp, out var problem))
            {
                throw new ArgumentException($"endpoint {problem}", nameof(endpoint));
            }

            _endPoint = IPAddress.TryParse(hp.Host, out var ip) ? new IPEndPoint(ip, hp.Port) : new DnsEndPoint(hp.Host, hp.Port);
            _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        }
    }

    /// <exception cref="SocketException">Refused, unreachable.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken) =>
        await _socket.ConnectAsync(_endPoint, cancellationToken).ConfigureAwait(false);

    /// <exception cref="FormatException">The first packet is neither a handshake nor an error.</exception>
    /// <exception cref="EndOfStreamException">The server closed the connection before a whole packet.</exception>
    public async Task<MySqlGreeting> ReadGreetingAsync(CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var length = header[0] | (header[1] << 8) | (header[2] << 16);
        if (length is 0 or > MaxGreetingBytes)
        {
            throw new FormatException($"greeting packet of {length} bytes: not a MySQL/MariaDB server?");
        }

        var payload = new byte[length];
        await ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        var greeting = MySqlGreeting.Parse(payload);

        // A real server says nothing more until the client answers its greeting. Bytes already waiting are not MySQL:
        // left to the driver, they would read as a login that never completes, i.e. as a frozen server.
        if (!greeting.IsError && _socket.Available is > 0 and var extra)
        {
            throw new FormatException($"{extra} unexpected bytes followed the greeting: the server does not speak the MySQL protocol");
        }

        return greeting;
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new EndOfStreamException("the server closed the connection before sending its greeting");
            }

            read += n;
        }
    }
}
