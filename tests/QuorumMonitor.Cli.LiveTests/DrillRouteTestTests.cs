using System.Text.Json;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Alertmanager;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Notify.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 17, scope 2: <c>monitor drill route-test --config FILE</c> as a cron job runs it, against a real Alertmanager
/// and webhook receivers: one labelled drill incident per channel, then its resolve under the same dedup key, latency
/// per channel; exit 0 only when every channel accepted both, 2 when one refused (a pager out of credit).
/// </summary>
public sealed class DrillRouteTestTests : IDisposable
{
    private const string AlertmanagerRouting =
        "route:\n  receiver: none\n  group_wait: 0s\nreceivers:\n  - name: none\n";

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public void Dispose() => _dir.Dispose();

    private string WriteConfig(AlertmanagerServer alertmanager, ScriptedSink pager, ScriptedSink chat)
    {
        var path = Path.Combine(_dir.Root, "monitor.yaml");
        // The cluster is never probed: route-test only reads the notify: section, and must leave the state file alone.
        File.WriteAllText(path, $$"""
            zookeeper:
              - name: zk-prod
                servers: ["127.0.0.1:{{_ports.Next()}}"]
            notify:
              stateFile: {{Path.Combine(_dir.Root, "live-state.db")}}
              channels:
                - name: am
                  alertmanager: {urls: ["{{alertmanager.Url}}"]}
                - name: pager
                  webhook: {url: "{{pager.Url}}pager"}
                - name: chat
                  webhook: {url: "{{chat.Url}}chat"}
            """);
        return path;
    }

    [Fact]
    public async Task Every_channel_accepts_the_labelled_drill_incident_and_its_resolve_and_the_exit_is_0()
    {
        using var alertmanager = AlertmanagerServer.Start(AlertmanagerRouting, _ports, _dir);
        await alertmanager.WaitReadyAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await using var pager = await ScriptedSink.StartAsync(_ports, _ => 202);
        await using var chat = await ScriptedSink.StartAsync(_ports, _ => 200);
        var config = WriteConfig(alertmanager, pager, chat);

        using var run = new MonitorProcess("drill", "route-test", "--config", config, "--json");
        var code = await run.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(code == 0, $"exit {code}\n{run.Stdout}\n{run.Stderr}");
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(json.GetProperty("passed").GetBoolean());
        var channels = json.GetProperty("channels").EnumerateArray().ToList();
        Assert.Equal(["am", "pager", "chat"], channels.Select(c => c.GetProperty("channel").GetString()));
        Assert.All(channels, c =>
        {
            Assert.True(c.GetProperty("triggerAccepted").GetBoolean(), c.ToString());
            Assert.True(c.GetProperty("resolveAccepted").GetBoolean(), c.ToString());
            Assert.InRange(c.GetProperty("triggerSeconds").GetDouble(), 0, 30);
        });

        foreach (var sink in new[] { pager, chat })
        {
            var requests = sink.Requests;
            Assert.Equal(["trigger", "resolve"], requests.Select(r => r.Json.GetProperty("action").GetString()));
            Assert.Single(requests.Select(r => r.Json.GetProperty("dedupKey").GetString()).Distinct());
            var incident = requests[0].Json.GetProperty("incident");
            Assert.Equal("QuorumMonitorRouteTest", incident.GetProperty("rootCause").GetProperty("name").GetString());
            Assert.StartsWith("[DRILL]", requests[0].Json.GetProperty("summary").GetString(), StringComparison.Ordinal);
        }

        // Alertmanager took the alert and then its resolve: nothing is left firing there.
        using var http = new HttpClient();
        var active = JsonDocument.Parse(await http.GetStringAsync(new Uri(alertmanager.Url, "/api/v2/alerts?active=true&silenced=false&inhibited=false"))).RootElement;
        Assert.DoesNotContain(active.EnumerateArray(), a => a.GetProperty("labels").GetProperty("alertname").GetString() == "QuorumMonitorRouteTest");
        Assert.False(File.Exists(Path.Combine(_dir.Root, "live-state.db")), "route-test opened the live monitor's state file");
    }

    [Fact]
    public async Task A_pager_answering_402_fails_the_route_test_with_exit_2_naming_the_channel()
    {
        using var alertmanager = AlertmanagerServer.Start(AlertmanagerRouting, _ports, _dir);
        await alertmanager.WaitReadyAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await using var pager = await ScriptedSink.StartAsync(_ports, _ => 402);
        await using var chat = await ScriptedSink.StartAsync(_ports, _ => 200);
        var config = WriteConfig(alertmanager, pager, chat);

        using var run = new MonitorProcess("drill", "route-test", "--config", config);
        var code = await run.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.True(code == 2, $"exit {code}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("pager (webhook): trigger NOT accepted", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("402", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("chat (webhook): trigger accepted", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("am (alertmanager): trigger accepted", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("route-test: 2 of 3 channel(s) accepted", run.Stdout, StringComparison.Ordinal);
    }
}
