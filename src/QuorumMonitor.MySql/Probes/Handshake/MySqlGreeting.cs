using System.Buffers.Binary;
using System.Text;

namespace QuorumMonitor.MySql.Probes.Handshake;

/// <summary>
/// The first packet a MySQL/MariaDB server sends on a new connection: a protocol-10 handshake (the server is alive
/// and its accept loop works), or an error packet (too many connections, host blocked) sent in its place.
/// </summary>
public sealed record MySqlGreeting
{
    public string? ServerVersion { get; init; }

    public uint? ConnectionId { get; init; }

    /// <summary>Error number when the server sent an error packet instead of a handshake.</summary>
    public int? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public bool IsError => ErrorCode is not null;

    /// <exception cref="FormatException">Not a handshake or error packet.</exception>
    public static MySqlGreeting Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            throw new FormatException("empty greeting packet");
        }

        if (payload[0] == 0xFF)
        {
            if (payload.Length < 3)
            {
                throw new FormatException("truncated error packet");
            }

            var code = BinaryPrimitives.ReadUInt16LittleEndian(payload[1..3]);
            var message = payload[3..];
            if (message.Length >= 6 && message[0] == (byte)'#')
            {
                message = message[6..];
            }

            return new MySqlGreeting { ErrorCode = code, ErrorMessage = Encoding.UTF8.GetString(message) };
        }

        if (payload[0] != 10)
        {
            throw new FormatException($"protocol version {payload[0]}, expected 10: not a MySQL/MariaDB server?");
        }

        var end = payload[1..].IndexOf((byte)0);
        if (end < 0 || payload.Length < 1 + end + 1 + 4)
        {
            throw new FormatException("truncated handshake packet");
        }

        var version = Encoding.UTF8.GetString(payload.Slice(1, end));

        // MariaDB prefixes "5.5.5-" so that old clients accept it; the real version follows.
        if (version.StartsWith("5.5.5-", StringComparison.Ordinal) && version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase))
        {
            version = version[6..];
        }

        var id = BinaryPrimitives.ReadUInt32LittleEndian(payload.Slice(1 + end + 1, 4));
        return new MySqlGreeting { ServerVersion = version, ConnectionId = id };
    }
}
