using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.ZooKeeper.Probes.FourLetterWords;

/// <summary>Sends one four-letter word and reads the answer until the server closes the connection.</summary>
public static class FourLetterWordClient
{
    private const int MaxAnswerBytes = 1 << 20;

    /// <summary>Holds a whole srvr or mntr answer of a real member (a few KiB) in one read buffer.</summary>
    private const int FirstBufferBytes = 8192;

    /// <exception cref="SocketException">Refused or unreachable.</exception>
    /// <exception cref="OperationCanceledException">The deadline passed first.</exception>
    public static async Task<string> AskAsync(HostPort server, string word, CancellationToken cancellationToken)
    {
        // Probed thousands of times a second at scale: an address literal skips name resolution and the dual-mode
        // socket's extra set-up, and the read buffer comes from the pool rather than two fresh arrays per word.
        using var socket = IPAddress.TryParse(server.Host, out var ip)
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (ip is not null)
        {
            await socket.ConnectAsync(new IPEndPoint(ip, server.Port), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken).ConfigureAwait(false);
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes(word), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxAnswerBytes)
                {
                    throw new InvalidDataException($"'{word}' answer is larger than {MaxAnswerBytes} bytes");
                }
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
