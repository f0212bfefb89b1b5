using System.Text.RegularExpressions;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Notify.Tests;

/// <summary>Delivery metric names, types and labels are public (dashboards, alert rules): pinned here.</summary>
public sealed partial class DeliveryMetricNamesTests : IDisposable
{
    private readonly FreePorts _ports = new();
    private readonly TempDir _dir = new();

    [GeneratedRegex(@"^# TYPE (quorum_monitor_\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Delivery_metrics_have_the_documented_names_types_and_labels()
    {
        await using var sink = await ScriptedSink.StartAsync(_ports, i => i == 0 ? 503 : 202);
        await using var h = await DeliveryHarness.StartAsync($"""
              stateFile: state.db
              failingAfter: 1s
              retry: {"{"}initialBackoff: 50ms{"}"}
              channels:
                - name: hook
                  webhook: {"{"}url: "{sink.Url}hook"{"}"}
            """, _dir.Path);
        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-m")));
        await sink.WaitForCountAsync(2, TimeSpan.FromSeconds(10), "retry and delivery");
        await Task.Delay(500);

        var text = await h.MetricsTextAsync();
        var types = TypeLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(new Dictionary<string, string>
        {
            ["quorum_monitor_notifications_sent_total"] = "counter",
            ["quorum_monitor_notifications_failed_total"] = "counter",
            ["quorum_monitor_notifications_retried_total"] = "counter",
            ["quorum_monitor_delivery_queue_depth"] = "gauge",
            ["quorum_monitor_delivery_oldest_undelivered_seconds"] = "gauge",
            ["quorum_monitor_delivery_channel_failing"] = "gauge",
        }, types);
        Assert.Contains("quorum_monitor_notifications_sent_total{channel=\"hook\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_notifications_failed_total{channel=\"hook\",reason=\"http-503\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_notifications_retried_total{channel=\"hook\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_delivery_queue_depth 0", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_delivery_oldest_undelivered_seconds 0", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_delivery_channel_failing{channel=\"hook\"} 0", text, StringComparison.Ordinal);
    }
}
