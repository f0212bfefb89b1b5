using System.Diagnostics;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Notify.Delivery;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// Issue 6, must-show 5 (and the seed 004 outage: the paging service ran out of credit and nobody was woken): a
/// channel that refuses us (402 on every request) raises AlertDeliveryFailing through the fallback channel within
/// the configured threshold; a channel failing transiently raises it once the threshold has passed, and resolves it
/// when it recovers.
/// </summary>
public sealed class DeliveryFailingTests : IDisposable
{
    private const string RoutingKey = "abcdefabcdefabcdefabcdefabcdef12";
    private readonly FreePorts _ports = new();
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static bool IsDeliveryFailing(RecordedRequest r) =>
        r.Json.TryGetProperty("incident", out var incident) && incident.TryGetProperty("rootCause", out var root)
        && root.TryGetProperty("name", out var name) && name.GetString() == DeliveryService.DeliveryFailingAlert;

    /// <summary>
    /// One warning (no route: the fallback takes it) delivered end to end before the clock starts: the first delivery
    /// of a process pays for loading and JIT-compiling the HTTP and outbox paths, which is no part of the threshold.
    /// </summary>
    private static async Task WarmAsync(DeliveryHarness h, ScriptedSink ops)
    {
        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("warm-up", cluster: "zk-warm", severity: Core.Model.Severity.Warning)));
        await ops.WaitForAsync(r => !IsDeliveryFailing(r), TimeSpan.FromSeconds(60), "the warm-up warning on the fallback");
    }

    private static string Config(ScriptedSink pd, ScriptedSink ops, string failingAfter) => $"""
          stateFile: state.db
          failingAfter: {failingAfter}
          retry: {"{"}initialBackoff: 100ms, maxBackoff: 300ms, rateLimitedBackoff: 100ms{"}"}
          channels:
            - name: pd
              pagerduty: {"{"}routingKey: {RoutingKey}, url: "{pd.Url}v2/enqueue"{"}"}
            - name: ops
              webhook: {"{"}url: "{ops.Url}ops"{"}"}
          routes:
            - severities: [page]
              channels: [pd]
          fallback: ops
        """;

    [Fact]
    public async Task A_channel_answering_402_raises_AlertDeliveryFailing_on_the_fallback_within_the_threshold()
    {
        var threshold = TimeSpan.FromSeconds(3);
        await using var pd = await ScriptedSink.StartAsync(_ports, _ => 402);
        await using var ops = await ScriptedSink.StartAsync(_ports);
        await using var h = await DeliveryHarness.StartAsync(Config(pd, ops, "3s"), _dir.Path);
        await WarmAsync(h, ops);

        var clock = Stopwatch.StartNew();
        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-402")));
        var alarm = await ops.WaitForAsync(IsDeliveryFailing, threshold + TimeSpan.FromSeconds(5), "AlertDeliveryFailing on the fallback");
        var elapsed = clock.Elapsed;

        Assert.True(elapsed <= threshold, $"AlertDeliveryFailing took {elapsed}, threshold {threshold}");
        var body = alarm.Json;
        Assert.Equal("trigger", body.GetProperty("action").GetString());
        Assert.Equal("page", body.GetProperty("severity").GetString());
        Assert.Equal(DeliveryService.DeliveryFailingAlert, body.GetProperty("incident").GetProperty("rootCause").GetProperty("name").GetString());
        Assert.Contains("pd (pagerduty) refused", body.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("HTTP 402", body.GetProperty("summary").GetString(), StringComparison.Ordinal);

        // The alarm's own notification leaves the queue only once its sender has recorded the answer the sink just
        // gave, a moment after the sink saw it (longer on a loaded machine): what stays queued is the refused page.
        var report = h.Delivery.Report();
        for (var settle = Stopwatch.StartNew(); report.QueueDepth != 1 && settle.Elapsed < TimeSpan.FromSeconds(10);)
        {
            await Task.Delay(50);
            report = h.Delivery.Report();
        }

        Assert.False(report.Healthy);
        Assert.Equal(1, report.QueueDepth);
        var channel = report.Channels.Single(c => c.Name == "pd");
        Assert.False(channel.Healthy);
        Assert.Contains("HTTP 402", channel.Reason, StringComparison.Ordinal);
        Assert.True(report.Channels.Single(c => c.Name == "ops").Healthy);
        Assert.Equal(DeliveryService.DeliveryFailingAlert, Assert.Single(h.Delivery.Alerts()).Name);
        var metrics = await h.MetricsTextAsync();
        Assert.Contains("quorum_monitor_delivery_channel_failing{channel=\"pd\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_notifications_failed_total{channel=\"pd\",reason=\"http-402\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_delivery_queue_depth 1", metrics, StringComparison.Ordinal);
        Assert.Single(ops.Requests, IsDeliveryFailing);
    }

    [Fact]
    public async Task Transient_failures_raise_AlertDeliveryFailing_after_the_threshold_and_resolve_it_on_recovery()
    {
        var threshold = TimeSpan.FromSeconds(1);
        var down = true;
        await using var pd = await ScriptedSink.StartAsync(_ports, _ => Volatile.Read(ref down) ? 503 : 202);
        await using var ops = await ScriptedSink.StartAsync(_ports);
        await using var h = await DeliveryHarness.StartAsync(Config(pd, ops, "1s"), _dir.Path);
        await WarmAsync(h, ops);

        var clock = Stopwatch.StartNew();
        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-503")));
        var alarm = await ops.WaitForAsync(IsDeliveryFailing, TimeSpan.FromSeconds(10), "AlertDeliveryFailing on the fallback");
        var elapsed = clock.Elapsed;

        // Not before the threshold (503s are expected to pass), but soon after it.
        Assert.InRange(elapsed, threshold - TimeSpan.FromMilliseconds(50), threshold + TimeSpan.FromSeconds(2));
        Assert.Contains("undelivered", alarm.Json.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.True(pd.Requests.Count >= 2, "retried meanwhile");

        Volatile.Write(ref down, false);
        var resolve = await ops.WaitForAsync(r => IsDeliveryFailing(r) && r.Json.GetProperty("action").GetString() == "resolve", TimeSpan.FromSeconds(10), "AlertDeliveryFailing resolved");
        Assert.Equal("quorum-monitor-alert-delivery-failing", resolve.Json.GetProperty("dedupKey").GetString());
        Assert.Equal(202, pd.Requests[^1].Status);
        Assert.Equal("inc-503", pd.Requests[^1].Json.GetProperty("dedup_key").GetString());
        Assert.True(h.Delivery.Report().Healthy);
        Assert.Empty(h.Delivery.Alerts());
    }
}
