using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// A real HTTP receiver on a loopback port (Kestrel), scripted like the receiver it stands for: PagerDuty's Events
/// API answering 202 / 400 / 429 / 500, a webhook, Alertmanager's webhook target. Records every request. It can be
/// stopped and started again on the same port (a receiver that is down), and can hold requests unanswered.
/// </summary>
internal sealed class ScriptedSink : IAsyncDisposable
{
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();
    private WebApplication? _app;
    private TaskCompletionSource? _hold;

    private ScriptedSink(int port) => Port = port;

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>Status to answer the request with the given 0-based index. Default: 202 Accepted.</summary>
    public Func<int, int> Answer { get; set; } = _ => StatusCodes.Status202Accepted;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    public static async Task<ScriptedSink> StartAsync(FreePorts ports, Func<int, int>? answer = null, bool listen = true)
    {
        var sink = new ScriptedSink(ports.Next());
        if (answer is not null)
        {
            sink.Answer = answer;
        }

        if (listen)
        {
            await sink.StartListeningAsync();
        }

        return sink;
    }

    public async Task StartListeningAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        _app = app;
    }

    public async Task StopListeningAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>From now on, requests are recorded and then left unanswered until <see cref="Release"/>.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _hold, null)?.TrySetResult();

    public async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> match, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{what}: not received within {timeout.TotalSeconds}s; got {Requests.Count} request(s):\n"
            + string.Join("\n", Requests.Select(r => $"{r.Path} {r.Status} {r.Body}")));
    }

    public async Task<IReadOnlyList<RecordedRequest>> WaitForCountAsync(int count, TimeSpan timeout, string what)
    {
        await WaitForAsync(r => r.Index >= count - 1, timeout, what);
        return Requests;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await StopListeningAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        RecordedRequest request;
        lock (_lock)
        {
            var index = _requests.Count;
            request = new RecordedRequest(index, context.Request.Path, body, DateTimeOffset.UtcNow, Answer(index));
            _requests.Add(request);
        }

        if (_hold is { } hold)
        {
            await hold.Task.WaitAsync(context.RequestAborted);
        }

        context.Response.StatusCode = request.Status;
        if (request.Status == StatusCodes.Status202Accepted)
        {
            await context.Response.WriteAsync("""{"status":"success","message":"Event processed"}""", context.RequestAborted);
        }
        else if (request.Status >= 400)
        {
            await context.Response.WriteAsync($$"""{"status":"error","message":"scripted {{request.Status}}"}""", context.RequestAborted);
        }
    }
}
