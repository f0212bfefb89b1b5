using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// Issue 6, must-show 3: the receiver is down for two minutes (of fake time: nothing listens on its port), then up.
/// Every page is delivered, in order, none twice; meanwhile AlertDeliveryFailing went to the fallback and resolved.
/// </summary>
public sealed class OutageTests : IDisposable
{
    private readonly FreePorts _ports = new();
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_two_minute_outage_delays_pages_but_delivers_every_one_in_order_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sink = await ScriptedSink.StartAsync(_ports, listen: false);
        await using var fallback = await ScriptedSink.StartAsync(_ports);
        await using var h = await DeliveryHarness.StartAsync($"""
              stateFile: state.db
              failingAfter: 1m
              retry: {"{"}initialBackoff: 1s, maxBackoff: 20s{"}"}
              channels:
                - name: hook
                  webhook: {"{"}url: "{sink.Url}hook"{"}"}
                - name: ops
                  webhook: {"{"}url: "{fallback.Url}ops"{"}"}
              routes:
                - severities: [page, warning]
                  channels: [hook]
              fallback: ops
            """, _dir.Path, time);
        var d = h.Delivery;

        d.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-1", "zk-a")));
        d.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-2", "zk-b", Severity.Warning)));
        d.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-3", "zk-c")));
        await AdvanceAsync(time, TimeSpan.FromSeconds(60));
        d.OnIncidentChanged(new IncidentChange(IncidentChangeKind.Updated, Incidents.QuorumLost("inc-2", "zk-b"), time.GetUtcNow()));
        d.OnIncidentChanged(Incidents.Resolved("inc-1", "zk-a"));
        d.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-4", "zk-d")));
        d.OnIncidentChanged(Incidents.Resolved("inc-3", "zk-c"));
        await AdvanceAsync(time, TimeSpan.FromSeconds(60));

        Assert.Empty(sink.Requests);
        Assert.Equal(7, d.Report().QueueDepth);
        var failing = await fallback.WaitForAsync(r => r.Json.GetProperty("action").GetString() == "trigger", TimeSpan.FromSeconds(5), "AlertDeliveryFailing");
        Assert.Equal(DeliveryFailing, failing.Json.GetProperty("incident").GetProperty("rootCause").GetProperty("name").GetString());
        Assert.Contains("hook", failing.Json.GetProperty("summary").GetString(), StringComparison.Ordinal);

        // The senders use real sockets: drain on a real-time deadline, not on a count of fake-time steps, which a
        // loaded machine can run through before seven deliveries had the real time they need.
        await sink.StartListeningAsync();
        var drainUntil = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (d.Report().QueueDepth > 0 && DateTime.UtcNow < drainUntil)
        {
            await AdvanceAsync(time, TimeSpan.FromSeconds(1));
        }

        Assert.Equal(0, d.Report().QueueDepth);
        string[] expected = ["trigger inc-1", "trigger inc-2", "trigger inc-3", "trigger inc-2", "resolve inc-1", "trigger inc-4", "resolve inc-3"];
        Assert.Equal(expected, sink.Requests.Select(r => $"{r.Json.GetProperty("action").GetString()} {r.Json.GetProperty("dedupKey").GetString()}"));
        Assert.All(sink.Requests, r => Assert.Equal(202, r.Status));
        var metrics = await h.MetricsTextAsync();
        Assert.Contains("quorum_monitor_notifications_sent_total{channel=\"hook\"} 7", metrics, StringComparison.Ordinal);
        Assert.Matches("quorum_monitor_notifications_failed_total\\{channel=\"hook\",reason=\"connection\"\\} [1-9]", metrics);

        await AdvanceAsync(time, TimeSpan.FromSeconds(5));
        await fallback.WaitForAsync(r => r.Json.GetProperty("action").GetString() == "resolve", TimeSpan.FromSeconds(5), "AlertDeliveryFailing resolved");
        Assert.True(d.Report().Healthy);
    }

    private const string DeliveryFailing = "AlertDeliveryFailing";

    /// <summary>Moves fake time in one-second steps, letting the senders (real sockets) run between steps.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromSeconds(1))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(15);
        }
    }
}
