using QuorumMonitor.Core.Model;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// Issue 6, must-show 2: a local PagerDuty-shaped endpoint scripted to answer 202 / 400 / 429 / 500. Payloads carry
/// the Events v2 fields; 400 is never retried; 429 and 500 are retried with backoff; attempts are counted.
/// </summary>
public sealed class PagerDutyDeliveryTests : IDisposable
{
    private const string RoutingKey = "R0ut1ngKey0123456789abcdefABCDEF";
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RateLimited = TimeSpan.FromMilliseconds(600);
    private readonly FreePorts _ports = new();
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Config(ScriptedSink pd, int eventsPerMinute = 120) => $"""
          stateFile: state.db
          externalUrl: http://monitor.example:9464
          runbookUrl: https://runbooks.example/{"{alertname}"}
          failingAfter: 1m
          retry: {"{"}initialBackoff: {(int)Initial.TotalMilliseconds}ms, maxBackoff: 2s, rateLimitedBackoff: {(int)RateLimited.TotalMilliseconds}ms{"}"}
          channels:
            - name: pd
              pagerduty: {"{"}routingKey: {RoutingKey}, url: "{pd.Url}v2/enqueue", eventsPerMinute: {eventsPerMinute}{"}"}
        """;

    [Fact]
    public async Task Trigger_and_resolve_carry_the_events_v2_fields_with_the_incident_id_as_dedup_key()
    {
        await using var pd = await ScriptedSink.StartAsync(_ports);
        await using var h = await DeliveryHarness.StartAsync(Config(pd), _dir.Path);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-42")));
        var trigger = (await pd.WaitForAsync(_ => true, TimeSpan.FromSeconds(10), "trigger")).Json;
        h.Delivery.OnIncidentChanged(Incidents.Resolved("inc-42"));
        var resolve = (await pd.WaitForAsync(r => r.Index == 1, TimeSpan.FromSeconds(10), "resolve")).Json;

        Assert.Equal("/v2/enqueue", pd.Requests[0].Path);
        Assert.Equal(RoutingKey, trigger.GetProperty("routing_key").GetString());
        Assert.Equal("trigger", trigger.GetProperty("event_action").GetString());
        Assert.Equal("inc-42", trigger.GetProperty("dedup_key").GetString());
        var payload = trigger.GetProperty("payload");
        Assert.StartsWith("ZooKeeper ensemble zk-realtime has lost quorum", payload.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("critical", payload.GetProperty("severity").GetString());
        Assert.Equal("zookeeper/zk-realtime", payload.GetProperty("source").GetString());
        Assert.Equal("zk-realtime", payload.GetProperty("component").GetString());
        Assert.Equal("zookeeper", payload.GetProperty("group").GetString());
        Assert.Equal("ZooKeeperQuorumLost", payload.GetProperty("class").GetString());
        Assert.Equal("2026-11-23T03:00:00.000Z", payload.GetProperty("timestamp").GetString());
        var details = payload.GetProperty("custom_details");
        Assert.Contains("2 of 3 members refuse connections", details.GetProperty("root_cause").GetString(), StringComparison.Ordinal);
        Assert.Contains("ZooKeeperMemberDown", details.GetProperty("symptoms")[0].GetString(), StringComparison.Ordinal);
        var links = trigger.GetProperty("links");
        Assert.Equal("http://monitor.example:9464/api/v1/incidents/inc-42", links[0].GetProperty("href").GetString());
        Assert.Equal("https://runbooks.example/ZooKeeperQuorumLost", links[1].GetProperty("href").GetString());

        Assert.Equal("resolve", resolve.GetProperty("event_action").GetString());
        Assert.Equal("inc-42", resolve.GetProperty("dedup_key").GetString());
        Assert.Equal(RoutingKey, resolve.GetProperty("routing_key").GetString());
        Assert.Equal(2, pd.Requests.Count);
    }

    [Fact]
    public async Task A_warning_maps_to_pagerduty_severity_warning()
    {
        await using var pd = await ScriptedSink.StartAsync(_ports);
        await using var h = await DeliveryHarness.StartAsync(Config(pd), _dir.Path);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-w", severity: Severity.Warning)));
        var trigger = (await pd.WaitForAsync(_ => true, TimeSpan.FromSeconds(10), "trigger")).Json;

        Assert.Equal("warning", trigger.GetProperty("payload").GetProperty("severity").GetString());
    }

    [Fact]
    public async Task A_400_is_never_retried_and_goes_to_the_dead_letters()
    {
        await using var pd = await ScriptedSink.StartAsync(_ports, _ => 400);
        await using var h = await DeliveryHarness.StartAsync(Config(pd), _dir.Path);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-bad")));
        await pd.WaitForAsync(_ => true, TimeSpan.FromSeconds(10), "first attempt");
        await h.WaitForAsync(() => h.Delivery.Report() is { DeadLetters: 1 } r ? r : null, TimeSpan.FromSeconds(5), "dead letter");
        // Ten initial backoffs: a retry would have happened several times over.
        await Task.Delay(Initial * 10);

        Assert.Single(pd.Requests);
        var report = h.Delivery.Report();
        Assert.Equal(0, report.QueueDepth);
        Assert.Contains("HTTP 400", report.Channels.Single().Reason, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_notifications_failed_total{channel=\"pd\",reason=\"http-400\"} 1", await h.MetricsTextAsync(), StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_notifications_retried_total{channel=\"pd\"} 0\n", await h.MetricsTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_is_retried_no_sooner_than_the_rate_limited_backoff()
    {
        await using var pd = await ScriptedSink.StartAsync(_ports, i => i < 2 ? 429 : 202);
        await using var h = await DeliveryHarness.StartAsync(Config(pd), _dir.Path);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-429")));
        var requests = await pd.WaitForCountAsync(3, TimeSpan.FromSeconds(15), "third attempt");
        await h.WaitForAsync(() => h.Delivery.Report() is { QueueDepth: 0 } r ? r : null, TimeSpan.FromSeconds(5), "outbox drained");
        await Task.Delay(RateLimited * 2);

        Assert.Equal(3, pd.Requests.Count);
        Assert.All(requests, r => Assert.Equal("inc-429", r.Json.GetProperty("dedup_key").GetString()));
        Assert.True(requests[1].At - requests[0].At >= RateLimited - TimeSpan.FromMilliseconds(20), $"gap {requests[1].At - requests[0].At}");
        Assert.True(requests[2].At - requests[1].At >= RateLimited - TimeSpan.FromMilliseconds(20), $"gap {requests[2].At - requests[1].At}");
        var metrics = await h.MetricsTextAsync();
        Assert.Contains("quorum_monitor_notifications_retried_total{channel=\"pd\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_notifications_failed_total{channel=\"pd\",reason=\"rate-limited\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_notifications_sent_total{channel=\"pd\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_is_retried_with_exponential_backoff()
    {
        await using var pd = await ScriptedSink.StartAsync(_ports, i => i < 3 ? 500 : 202);
        await using var h = await DeliveryHarness.StartAsync(Config(pd), _dir.Path);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-500")));
        var requests = await pd.WaitForCountAsync(4, TimeSpan.FromSeconds(15), "fourth attempt");
        await h.WaitForAsync(() => h.Delivery.Report() is { QueueDepth: 0 } r ? r : null, TimeSpan.FromSeconds(5), "outbox drained");
        await Task.Delay(Initial * 4);

        Assert.Equal(4, pd.Requests.Count);
        // Equal jitter: the n-th wait is between half and all of initial * 2^(n-1).
        var slack = TimeSpan.FromMilliseconds(20);
        Assert.True(requests[1].At - requests[0].At >= (Initial / 2) - slack, $"gap 1 {requests[1].At - requests[0].At}");
        Assert.True(requests[2].At - requests[1].At >= Initial - slack, $"gap 2 {requests[2].At - requests[1].At}");
        Assert.True(requests[3].At - requests[2].At >= (Initial * 2) - slack, $"gap 3 {requests[3].At - requests[2].At}");
        Assert.Contains("quorum_monitor_notifications_retried_total{channel=\"pd\"} 3", await h.MetricsTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_are_paced_under_the_configured_rate()
    {
        await using var pd = await ScriptedSink.StartAsync(_ports);
        await using var h = await DeliveryHarness.StartAsync(Config(pd, eventsPerMinute: 120), _dir.Path);

        for (var i = 0; i < 3; i++)
        {
            h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost($"inc-{i}", cluster: $"zk-{i}")));
        }

        var requests = await pd.WaitForCountAsync(3, TimeSpan.FromSeconds(10), "three events");

        // 120 a minute: one every 500 ms.
        Assert.True(requests[2].At - requests[0].At >= TimeSpan.FromMilliseconds(980), $"3 events in {requests[2].At - requests[0].At}");
        Assert.Equal(["inc-0", "inc-1", "inc-2"], requests.Select(r => r.Json.GetProperty("dedup_key").GetString()));
    }

    [Fact]
    public async Task The_routing_key_never_reaches_the_log_or_the_status_report()
    {
        await using var pd = await ScriptedSink.StartAsync(_ports, _ => 402);
        await using var h = await DeliveryHarness.StartAsync(Config(pd), _dir.Path);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-secret")));
        await pd.WaitForAsync(_ => true, TimeSpan.FromSeconds(10), "attempt");
        await h.WaitForAsync(() => h.Delivery.Report() is { Healthy: false } r ? r : null, TimeSpan.FromSeconds(5), "failing");

        Assert.DoesNotContain(RoutingKey, h.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(RoutingKey, System.Text.Json.JsonSerializer.Serialize(h.Delivery.Report()), StringComparison.Ordinal);
        Assert.DoesNotContain(RoutingKey, h.Config.ToString(), StringComparison.Ordinal);
    }
}
