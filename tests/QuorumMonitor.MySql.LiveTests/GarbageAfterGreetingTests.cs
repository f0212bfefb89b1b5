using QuorumMonitor.Core.Config;
using System.Net;
using System.Net.Sockets;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.MySql.Probes;

namespace QuorumMonitor.MySql.Tests;

/// <summary>
/// Issue 12: a server that sends a valid greeting and then garbage is answering (badly), not frozen. Before, the
/// garbage reached the driver as a login that never completed, and the instance read as a handshake timeout.
/// </summary>
public sealed class GarbageAfterGreetingTests
{
    [Fact]
    public async Task A_greeting_followed_by_garbage_is_an_error_at_once_not_a_freeze()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var server = ServeAsync(listener, stop.Token);
        var deadline = TimeSpan.FromSeconds(3);
        var probe = new MySqlInstanceProbe(
            new MySqlInstanceConfig
            {
                Name = "garbled",
                Role = MySqlRole.Primary,
                ConnectionString = $"Server=127.0.0.1;Port={port};User ID=monitor",
                Endpoint = $"127.0.0.1:{port}",
                Password = PasswordSource.None,
            },
            heartbeat: null,
            deadline,
            TimeProvider.System);

        var result = (MySqlInstanceResult)await new ProbeUnitRunner(TimeProvider.System).RunAsync(probe, CancellationToken.None);
        await stop.CancelAsync();
        await server;

        Assert.Equal(MySqlInstanceState.Error, result.State);
        Assert.Contains("unexpected bytes followed the greeting", result.Error, StringComparison.Ordinal);
        Assert.True(result.Duration < deadline, $"took {result.Duration}: read as a freeze");
    }

    /// <summary>Every connection: a MariaDB 10.11 greeting, then bytes no MySQL server sends, then silence.</summary>
    private static async Task ServeAsync(TcpListener listener, CancellationToken stop)
    {
        byte[] payload = [10, .. "5.5.5-10.11.19-MariaDB-0+deb12u1-log"u8, 0, 42, 0, 0, 0, .. new byte[20]];
        byte[] packet = [(byte)payload.Length, 0, 0, 0, .. payload, 0xFF, 0xFF, 0xFF, 0x01, .. "garbage"u8];
        var open = new List<TcpClient>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop);
                open.Add(client);
                await client.GetStream().WriteAsync(packet, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // Test over.
        }
        finally
        {
            open.ForEach(c => c.Dispose());
        }
    }
}
