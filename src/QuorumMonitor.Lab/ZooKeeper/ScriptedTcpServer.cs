using System.Net;
using System.Net.Sockets;

namespace QuorumMonitor.Lab.ZooKeeper;

/// <summary>
/// A loopback TCP listener that hands every accepted connection to a handler, for hostile peers the real servers
/// cannot play: a member whose answers are huge or garbled, an AdminServer that hangs or never stops talking.
/// Disposing it stops accepting and closes every connection.
/// </summary>
public sealed class ScriptedTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<NetworkStream, CancellationToken, Task> _handle;
    private readonly List<Task> _connections = [];
    private readonly Lock _lock = new();
    private readonly Task _accept;
    private int _accepted;

    public ScriptedTcpServer(Func<NetworkStream, CancellationToken, Task> handle)
    {
        _handle = handle;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        Task[] open;
        lock (_lock)
        {
            open = [_accept, .. _connections];
        }

        await Task.WhenAny(Task.WhenAll(open), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_lock)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(ServeAsync(socket));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            try
            {
                await _handle(stream, _stop.Token).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The peer went away or the server stopped: either ends this connection, nothing else.
            }
        }
    }
}
