using System.Net.Http.Json;
using System.Text.Json;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Alertmanager;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// Issue 6, must-show 1: the real Alertmanager (Debian's prometheus-alertmanager, on free loopback ports, gossip off,
/// killed by pid) receives a page from the monitor and routes it to a webhook receiver with the expected labels;
/// the resolution reaches it too; the Watchdog reaches the dead man's switch route; an HA pair gets every alert.
/// </summary>
public sealed class AlertmanagerDeliveryTests : IDisposable
{
    private readonly FreePorts _ports = new();
    private readonly LabDirectory _lab = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _lab.Dispose();
        _dir.Dispose();
    }

    private static string AlertmanagerConfig(ScriptedSink receiver) => $"""
        route:
          receiver: hook
          group_by: [alertname, cluster, incident]
          group_wait: 0s
          group_interval: 1s
          repeat_interval: 1h
          routes:
            - receiver: deadmansswitch
              matchers: ['alertname="Watchdog"']
        inhibit_rules:
          - source_matchers: ['severity="page"']
            target_matchers: ['severity="warning"']
            equal: [kind, cluster]
        receivers:
          - name: hook
            webhook_configs: [{"{"}url: "{receiver.Url}hook", send_resolved: true{"}"}]
          - name: deadmansswitch
            webhook_configs: [{"{"}url: "{receiver.Url}dms"{"}"}]
        """;

    private static string NotifyConfig(params AlertmanagerServer[] ams) => $"""
          stateFile: state.db
          externalUrl: http://monitor.example:9464
          watchdogInterval: 1s
          channels:
            - name: am
              alertmanager: {"{"}urls: [{string.Join(", ", ams.Select(a => $"\"{a.Url}\""))}]{"}"}
        """;

    private async Task<AlertmanagerServer> StartAlertmanagerAsync(ScriptedSink receiver, string name)
    {
        var am = AlertmanagerServer.Start(AlertmanagerConfig(receiver), _ports, _lab, name);
        await am.WaitReadyAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        return am;
    }

    private static IEnumerable<JsonElement> AlertsIn(RecordedRequest r) => r.Json.GetProperty("alerts").EnumerateArray();

    [Fact]
    public async Task A_page_is_routed_by_the_real_alertmanager_to_the_webhook_with_the_monitors_labels_and_so_is_its_resolve()
    {
        await using var receiver = await ScriptedSink.StartAsync(_ports, _ => 200);
        using var am = await StartAlertmanagerAsync(receiver, "am");
        await using var h = await DeliveryHarness.StartAsync(NotifyConfig(am), _dir.Path);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-am")));
        var firing = await receiver.WaitForAsync(r => r.Path == "/hook" && r.Json.GetProperty("status").GetString() == "firing", TimeSpan.FromSeconds(20), "firing notification");

        var alert = Assert.Single(AlertsIn(firing));
        var labels = alert.GetProperty("labels");
        Assert.Equal("ZooKeeperQuorumLost", labels.GetProperty("alertname").GetString());
        Assert.Equal("zk-realtime", labels.GetProperty("cluster").GetString());
        Assert.Equal("zookeeper", labels.GetProperty("kind").GetString());
        Assert.Equal("page", labels.GetProperty("severity").GetString());
        Assert.Equal("inc-am", labels.GetProperty("incident").GetString());
        Assert.Equal(5, labels.EnumerateObject().Count());
        var annotations = alert.GetProperty("annotations");
        Assert.StartsWith("ZooKeeper ensemble zk-realtime has lost quorum", annotations.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("2 of 3 members refuse connections", annotations.GetProperty("root_cause").GetString(), StringComparison.Ordinal);
        Assert.Contains("ZooKeeperMemberDown", annotations.GetProperty("symptoms").GetString(), StringComparison.Ordinal);
        Assert.Equal("http://monitor.example:9464/api/v1/incidents/inc-am", alert.GetProperty("generatorURL").GetString());

        h.Delivery.OnIncidentChanged(Incidents.Resolved("inc-am"));
        var resolved = await receiver.WaitForAsync(r => r.Path == "/hook" && r.Json.GetProperty("status").GetString() == "resolved", TimeSpan.FromSeconds(20), "resolved notification");
        var resolvedAlert = Assert.Single(AlertsIn(resolved));
        Assert.Equal("inc-am", resolvedAlert.GetProperty("labels").GetProperty("incident").GetString());
        Assert.Equal("resolved", resolvedAlert.GetProperty("status").GetString());

        var watchdog = await receiver.WaitForAsync(r => r.Path == "/dms", TimeSpan.FromSeconds(20), "Watchdog at the dead man's switch");
        Assert.Equal("Watchdog", AlertsIn(watchdog).Single().GetProperty("labels").GetProperty("alertname").GetString());
        Assert.DoesNotContain(receiver.Requests, r => r.Path == "/hook" && AlertsIn(r).Any(a => a.GetProperty("labels").GetProperty("alertname").GetString() == "ZooKeeperMemberDown"));
    }

    [Fact]
    public async Task Every_member_of_an_HA_pair_gets_the_alert_and_one_member_down_does_not_stop_delivery()
    {
        await using var receiver = await ScriptedSink.StartAsync(_ports, _ => 200);
        using var am1 = await StartAlertmanagerAsync(receiver, "am-1");
        using var am2 = await StartAlertmanagerAsync(receiver, "am-2");
        await using var h = await DeliveryHarness.StartAsync(NotifyConfig(am1, am2), _dir.Path);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-ha")));
        await WaitForAlertAsync(am1, "inc-ha");
        await WaitForAlertAsync(am2, "inc-ha");

        am2.Kill();
        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-ha-2", cluster: "zk-other")));
        await WaitForAlertAsync(am1, "inc-ha-2");
        await h.WaitForAsync(() => h.Delivery.Report() is { QueueDepth: 0 } r ? r : null, TimeSpan.FromSeconds(10), "outbox drained");
        Assert.True(h.Delivery.Report().Healthy);
    }

    private static async Task WaitForAlertAsync(AlertmanagerServer am, string incident)
    {
        using var http = new HttpClient();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < until)
        {
            var alerts = await http.GetFromJsonAsync<JsonElement>(new Uri(am.Url, "/api/v2/alerts"));
            if (alerts.EnumerateArray().Any(a => a.GetProperty("labels").TryGetProperty("incident", out var i) && i.GetString() == incident))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"alert {incident} not in {am.Url}:\n{am.ReadLog()}");
    }
}
