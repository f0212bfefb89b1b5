using System.Text.Json;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// Watches the lab's real Alertmanager as an on-call engineer's view of it: polls <c>GET /api/v2/alerts</c> every
/// 100 ms and records the first sighting of each incident (label <c>incident</c>; the Watchdog is not a page). Each
/// poll is bounded to 2 s and 4 MiB.
/// </summary>
public sealed class AlertmanagerWatcher : IAsyncDisposable
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2), MaxResponseContentBufferSize = 4 << 20 };
    private readonly Uri _alerts;
    private readonly string _channel;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, ReceivedPage> _seen = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public AlertmanagerWatcher(Uri alertmanager, string channel, TimeProvider time)
    {
        _alerts = new Uri(alertmanager, "/api/v2/alerts");
        _channel = channel;
        _time = time;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    public IReadOnlyList<ReceivedPage> Pages()
    {
        lock (_lock)
        {
            return [.. _seen.Values.OrderBy(p => p.At)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-poll.
        }

        _stop.Dispose();
        _http.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var body = await _http.GetStringAsync(_alerts, cancellationToken).ConfigureAwait(false);
                Record(JsonDocument.Parse(body).RootElement, _time.GetUtcNow());
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException
                || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Alertmanager busy or restarting: the next poll sees what this one missed (its first sighting is late by one poll).
            }

            await Task.Delay(PollEvery, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Record(JsonElement alerts, DateTimeOffset at)
    {
        foreach (var alert in alerts.EnumerateArray())
        {
            var labels = alert.GetProperty("labels");
            if (!labels.TryGetProperty("incident", out var incident) || incident.GetString() is not { } id)
            {
                continue;
            }

            lock (_lock)
            {
                if (!_seen.ContainsKey(id))
                {
                    _seen[id] = new ReceivedPage(_channel, at, "trigger", id, Label(labels, "severity"), Label(labels, "alertname"), Label(labels, "kind"), 200);
                }
            }
        }
    }

    private static string Label(JsonElement labels, string name) => labels.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
}
