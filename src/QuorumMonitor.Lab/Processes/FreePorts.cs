using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace QuorumMonitor.Lab.Processes;

/// <summary>
/// Picks loopback ports that are free now, from below the kernel's ephemeral range so that outgoing connections
/// do not take them between the pick and the server's bind. Never hands out the same port twice.
/// </summary>
public sealed class FreePorts
{
    private const int Low = 20000;
    private const int High = 32000;
    private readonly HashSet<int> _given = [];
    private readonly Lock _lock = new();

    public int Next()
    {
        lock (_lock)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                // Unseeded on purpose: two labs started at once must not try the same ports in the same order.
                var port = RandomNumberGenerator.GetInt32(Low, High);
                if (_given.Contains(port) || !IsFree(port))
                {
                    continue;
                }

                _given.Add(port);
                return port;
            }
        }

        throw new InvalidOperationException("no free loopback port found");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
