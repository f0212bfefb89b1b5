using System.Globalization;
using System.Net;
using System.Text.Json;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// The drill's own webhook receiver on loopback: one path per channel (<c>/pager</c>, <c>/owners</c>), each POST
/// timestamped on the drill's clock as it arrives and answered with the channel's scripted status (200, or 402 for
/// an account out of credit). Bodies are read up to 1 MiB within 5 s.
/// </summary>
public sealed class DrillReceiver : IDisposable
{
    private const int MaxBody = 1 << 20;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);
    private readonly HttpListener _listener = new();
    private readonly TimeProvider _time;
    private readonly Func<string, int> _statusFor;
    private readonly List<ReceivedPage> _pages = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="statusFor">The status to answer on a channel (by name, the path without its slash).</param>
    public DrillReceiver(int port, TimeProvider time, Func<string, int> statusFor)
    {
        _time = time;
        _statusFor = statusFor;
        Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    public string Url { get; }

    public string ChannelUrl(string channel) => $"{Url}/{channel}";

    public IReadOnlyList<ReceivedPage> Pages()
    {
        lock (_lock)
        {
            return [.. _pages];
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

            var at = _time.GetUtcNow();
            var channel = context.Request.Url?.AbsolutePath.Trim('/') ?? "";
            var status = _statusFor(channel);
            try
            {
                using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                read.CancelAfter(ReadTimeout);
                var body = await ReadBodyAsync(context.Request.InputStream, read.Token).ConfigureAwait(false);
                if (Parse(channel, at, body, status) is { } page)
                {
                    lock (_lock)
                    {
                        _pages.Add(page);
                    }
                }
                else
                {
                    status = 400;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpListenerException)
            {
                status = 400;
            }

            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(Stream input, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > MaxBody)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    /// <summary>A webhook notification (<c>{action, dedupKey, severity, incident: {rootCause: {name, kind}}}</c>); null if it is not one.</summary>
    private static ReceivedPage? Parse(string channel, DateTimeOffset at, byte[]? body, int status)
    {
        if (body is null)
        {
            return null;
        }

        try
        {
            var json = JsonDocument.Parse(body).RootElement;
            var root = json.GetProperty("incident").GetProperty("rootCause");
            return new ReceivedPage(channel, at, json.GetProperty("action").GetString() ?? "", json.GetProperty("dedupKey").GetString() ?? "",
                json.GetProperty("severity").GetString() ?? "", root.GetProperty("name").GetString() ?? "", root.GetProperty("kind").GetString() ?? "", status);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
