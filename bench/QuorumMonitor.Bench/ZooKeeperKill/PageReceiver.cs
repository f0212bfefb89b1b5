using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace QuorumMonitor.Bench.ZooKeeperKill;

/// <summary>One POST the receiver took: its path, when it arrived on the harness's clock, and its JSON body.</summary>
public sealed record ReceivedPost(string Path, TimeSpan At, JsonElement Body);

/// <summary>
/// The local HTTP receiver both stacks page into (the monitor's webhook on <c>/monitor</c>, Alertmanager's webhook on
/// <c>/peer</c>): it answers 200 at once and timestamps each POST on the harness's stopwatch, the same clock the kill
/// instant is read from.
/// </summary>
public sealed class PageReceiver : IDisposable
{
    private const int MaxBody = 1 << 20;
    private readonly HttpListener _listener = new();
    private readonly Stopwatch _clock;
    private readonly List<ReceivedPost> _posts = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PageReceiver(int port, Stopwatch clock)
    {
        _clock = clock;
        Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    public string Url { get; }

    /// <summary>Every POST on <paramref name="path"/> that arrived at or after <paramref name="since"/>.</summary>
    public IReadOnlyList<ReceivedPost> Since(string path, TimeSpan since)
    {
        lock (_lock)
        {
            return _posts.Where(p => p.Path == path && p.At >= since).ToList();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending accept.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var at = _clock.Elapsed;
            try
            {
                using var body = new MemoryStream();
                var buffer = new byte[8192];
                int read;
                while ((read = await context.Request.InputStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0 && body.Length < MaxBody)
                {
                    body.Write(buffer, 0, read);
                }

                var json = JsonDocument.Parse(body.ToArray()).RootElement.Clone();
                lock (_lock)
                {
                    _posts.Add(new ReceivedPost(context.Request.Url!.AbsolutePath, at, json));
                }

                context.Response.StatusCode = 200;
            }
            catch (JsonException)
            {
                context.Response.StatusCode = 400;
            }

            context.Response.Close();
        }
    }
}
