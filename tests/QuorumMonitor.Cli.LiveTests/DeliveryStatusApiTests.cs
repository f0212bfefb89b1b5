using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Notify.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 6, self-monitoring on the status API: when the paging channel refuses us (402, the seed 004 outage: out of
/// credit), <c>/api/v1/status</c> of <c>monitor run</c> shows AlertDeliveryFailing and a failing delivery object,
/// and <c>/metrics</c> has the delivery metrics. The owners have a channel of their own (the fallback, answering 200),
/// so on a loaded machine the monitor's own MonitorOverloaded page neither joins the refused queue nor is refused.
/// </summary>
public sealed class DeliveryStatusApiTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_refusing_channel_shows_as_AlertDeliveryFailing_in_the_status_api_and_metrics()
    {
        await using var pager = await ScriptedSink.StartAsync(_ports, _ => 402);
        await using var owners = await ScriptedSink.StartAsync(_ports, _ => 200);
        var deadPort = _ports.Next();
        var config = Path.Combine(_dir.Root, "monitor.yaml");
        await File.WriteAllTextAsync(config, $"""
            monitor:
              interval: 500ms
              deadline: 500ms
            zookeeper:
              - name: zk-gone
                servers: ["127.0.0.1:{deadPort.ToString(CultureInfo.InvariantCulture)}"]
            notify:
              stateFile: state.db
              failingAfter: 30s
              channels:
                - name: pager
                  webhook: {"{"}url: "{pager.Url}page"{"}"}
                - name: owners
                  webhook: {"{"}url: "{owners.Url}owners"{"}"}
              fallback: owners
            """);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        using var monitor = new MonitorProcess("run", "--config", config, "--urls", url);
        await monitor.WaitForOutputAsync("serving on", TimeSpan.FromSeconds(30));
        // A monitor that distrusts itself under load holds the page until it trusts its probes again: generous.
        await pager.WaitForAsync(r => ClusterIncidents.IsOf(r, "zk-gone"), TimeSpan.FromSeconds(90), "the page attempt");

        using var http = new HttpClient();
        JsonElement status = default;
        for (var i = 0; i < 300; i++)
        {
            status = await http.GetFromJsonAsync<JsonElement>($"{url}/api/v1/status");
            if (status.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("name").GetString() == "AlertDeliveryFailing") && AllQueuedIsThePagers(status))
            {
                break;
            }

            await Task.Delay(100);
        }

        var alarm = Assert.Single(status.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("name").GetString() == "AlertDeliveryFailing");
        Assert.Equal("page", alarm.GetProperty("severity").GetString());
        Assert.Equal("firing", alarm.GetProperty("state").GetString());
        Assert.Equal("critical", status.GetProperty("status").GetString());
        var delivery = status.GetProperty("delivery");
        Assert.False(delivery.GetProperty("healthy").GetBoolean());
        Assert.True(delivery.GetProperty("queueDepth").GetInt32() == 1, $"queue depth; delivery: {delivery}");
        Assert.True(delivery.GetProperty("oldestUndeliveredSeconds").GetDouble() >= 0);
        var channel = Assert.Single(delivery.GetProperty("channels").EnumerateArray(), c => !c.GetProperty("healthy").GetBoolean());
        Assert.Equal("pager", channel.GetProperty("name").GetString());
        Assert.Equal(1, channel.GetProperty("queueDepth").GetInt32());
        Assert.Contains("HTTP 402", channel.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The gauge counts every channel's queue: an owners' notification in flight at the scrape is asked past.
        var metrics = await http.GetStringAsync($"{url}/metrics");
        for (var i = 0; i < 100 && !metrics.Contains("quorum_monitor_delivery_queue_depth 1\n", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            metrics = await http.GetStringAsync($"{url}/metrics");
        }

        Assert.Contains("quorum_monitor_notifications_failed_total{channel=\"pager\",reason=\"http-402\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_delivery_queue_depth 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_delivery_oldest_undelivered_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_delivery_channel_failing{channel=\"pager\"} 1", metrics, StringComparison.Ordinal);
    }

    /// <summary>
    /// Nothing on its way to the owners: neither queued for them nor still waiting for the outbox writer (the
    /// AlertDeliveryFailing trigger, the monitor's own pages), so the whole queue is the pager's.
    /// </summary>
    private static bool AllQueuedIsThePagers(JsonElement status)
    {
        var delivery = status.GetProperty("delivery");
        var pager = delivery.GetProperty("channels").EnumerateArray().Where(c => c.GetProperty("name").GetString() == "pager").Sum(c => c.GetProperty("queueDepth").GetInt32());
        return delivery.GetProperty("queueDepth").GetInt32() == pager;
    }
}
