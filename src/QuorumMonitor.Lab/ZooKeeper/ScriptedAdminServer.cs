using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace QuorumMonitor.Lab.ZooKeeper;

/// <summary>
/// An HTTP port that misbehaves the way a sick AdminServer (or whatever squats on its port) can: accepts and never
/// answers, streams an endless body, or redirects. Counts what it sent so tests can see the client stop reading.
/// </summary>
public sealed class ScriptedAdminServer : IAsyncDisposable
{
    private readonly ScriptedTcpServer _server;
    private readonly AdminServerBehaviour _behaviour;
    private long _bodyBytesSent;
    private int _requests;

    public ScriptedAdminServer(AdminServerBehaviour behaviour)
    {
        _behaviour = behaviour;
        _server = new ScriptedTcpServer(ServeAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{_server.Port}/");

    /// <summary>Connections accepted, answered or not.</summary>
    public int Accepted => _server.Accepted;

    /// <summary>Complete request heads received.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task ServeAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        if (_behaviour == AdminServerBehaviour.Hang)
        {
            // Accepted by the kernel, never read, never answered: the frozen-process case.
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ReadHeadAsync(stream, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _requests);
        switch (_behaviour)
        {
            case AdminServerBehaviour.EndlessBody:
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"command\":\"", cancellationToken)
                    .ConfigureAwait(false);
                var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
                while (true)
                {
                    await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                    Interlocked.Add(ref _bodyBytesSent, chunk.Length);
                }

            case AdminServerBehaviour.Redirect:
                await WriteAsync(stream, string.Create(CultureInfo.InvariantCulture,
                    $"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{_server.Port}/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                    cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static async Task ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16 * 1024)
        {
            if (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new IOException("client closed before the request head ended");
            }

            head.Append((char)buffer[0]);
        }
    }

    private static Task WriteAsync(NetworkStream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken).AsTask();
}
