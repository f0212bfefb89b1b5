using System.Net;
using System.Net.Sockets;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Lab.Processes;

/// <summary>
/// A loopback TCP forwarder: the monitor's only path to one server, so a test can break that path (<see cref="Kill"/>:
/// the port refuses and every forwarded connection is reset) while the server and its peers, which talk to each other
/// directly, carry on. Bytes are copied both ways as they come; nothing is parsed.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly HostPort _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;

    private TcpForwarder(TcpListener listener, HostPort target)
    {
        _listener = listener;
        _target = target;
        _accepting = AcceptAsync();
    }

    /// <summary>Where the monitor connects instead of <see cref="Target"/>.</summary>
    public HostPort Address => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port);

    public HostPort Target => _target;

    public bool IsRunning => !_stop.IsCancellationRequested;

    /// <summary>Listens on a free loopback port and forwards every connection to <paramref name="target"/>.</summary>
    public static TcpForwarder Start(HostPort target)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new TcpForwarder(listener, target);
    }

    /// <summary>The path breaks: the port stops listening (new connections are refused) and open ones are cut.</summary>
    public void Kill()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Stop();
        List<TcpClient> open;
        lock (_lock)
        {
            open = [.. _open];
            _open.Clear();
        }

        foreach (var client in open)
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        if (!Track(inbound) || !Track(outbound))
        {
            inbound.Dispose();
            outbound.Dispose();
            return;
        }

        try
        {
            await outbound.ConnectAsync(_target.Host, _target.Port, _stop.Token).ConfigureAwait(false);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            // Either side closing ends both: a half-open forward would look like a hung server.
            await Task.WhenAny(CopyAsync(a, b), CopyAsync(b, a)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The target refused or the forwarder was killed: the inbound side sees its connection close.
        }
        finally
        {
            Untrack(inbound);
            Untrack(outbound);
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, 16 * 1024, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // Closed on one side; the caller closes both.
        }
    }

    private bool Track(TcpClient client)
    {
        lock (_lock)
        {
            if (_stop.IsCancellationRequested)
            {
                return false;
            }

            _open.Add(client);
            return true;
        }
    }

    private void Untrack(TcpClient client)
    {
        lock (_lock)
        {
            _open.Remove(client);
        }

        client.Dispose();
    }
}
