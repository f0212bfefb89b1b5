using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.Notify.Tests;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 6, must-show 4 end to end: <c>monitor run</c> on a real ensemble with a notify config. Two of three members
/// die: the quorum-loss page reaches the webhook. The monitor is SIGKILLed mid-incident and started again on the same
/// state file: no second trigger. The members come back: the resolve is delivered, under the same dedup key.
/// The monitor's owners have a channel of their own (the fallback), so on a loaded machine its own MonitorOverloaded
/// page goes there, not into the sink this test counts the ensemble's pages in.
/// </summary>
public sealed class NotifyEndToEndTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public void Dispose() => _dir.Dispose();

    private const string Cluster = "zk-realtime";

    private static string Action(RecordedRequest r) => r.Json.GetProperty("action").GetString()!;

    private static bool IsClusterTrigger(RecordedRequest r) => Action(r) == "trigger" && ClusterIncidents.IsOf(r, Cluster);

    [Fact]
    public async Task Quorum_loss_page_survives_a_monitor_SIGKILL_without_a_second_trigger_and_the_resolve_still_arrives()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "zk-e2e");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        await using var pages = await ScriptedSink.StartAsync(_ports, _ => 200);
        await using var warnings = await ScriptedSink.StartAsync(_ports, _ => 200);
        await using var owners = await ScriptedSink.StartAsync(_ports, _ => 200);
        var config = Path.Combine(_dir.Root, "monitor.yaml");
        await File.WriteAllTextAsync(config, $"""
            monitor:
              interval: 500ms
              deadline: 1s
            correlation:
              resolveHold: 1s
            zookeeper:
            {zk.ToYaml(Cluster)}
            notify:
              stateFile: state.db
              resumeGrace: 10m
              channels:
                - name: oncall
                  webhook: {"{"}url: "{pages.Url}page"{"}"}
                - name: chat
                  webhook: {"{"}url: "{warnings.Url}warn"{"}"}
                - name: owners
                  webhook: {"{"}url: "{owners.Url}owners"{"}"}
              routes:
                - severities: [page]
                  channels: [oncall]
                - severities: [warning]
                  channels: [chat]
              fallback: owners
            """);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        using var http = new HttpClient();

        string key;
        using (var first = new MonitorProcess("run", "--config", config, "--urls", url))
        {
            await first.WaitForOutputAsync("serving on", TimeSpan.FromSeconds(30));
            // The ensemble's own state: the global status may also carry the monitor's own (correct) overload alarm.
            await WaitForAsync(async () => ClusterIncidents.StateOf(await StatusAsync(http, url), Cluster) == "ok", "ensemble ok before the failure", first);
            zk.Members[0].Kill();
            zk.Members[1].Kill();

            // A monitor that distrusts itself under load holds the page until it trusts its probes again: generous.
            var trigger = await pages.WaitForAsync(IsClusterTrigger, TimeSpan.FromSeconds(120), "quorum-loss page");
            key = trigger.Json.GetProperty("dedupKey").GetString()!;
            Assert.Equal("page", trigger.Json.GetProperty("severity").GetString());
            Assert.Equal("ZooKeeperQuorumLost", trigger.Json.GetProperty("incident").GetProperty("rootCause").GetProperty("name").GetString());
            await WaitForAsync(async () => (await StatusAsync(http, url)).GetProperty("delivery").GetProperty("queueDepth").GetInt32() == 0, "page acknowledged", first);
            first.KillHard();
        }

        using var second = new MonitorProcess("run", "--config", config, "--urls", url);
        await second.WaitForOutputAsync("serving on", TimeSpan.FromSeconds(30));
        // The restarted monitor finds the ensemble still down and its incident open again...
        await WaitForAsync(async () => (await StatusAsync(http, url)).GetProperty("incidents").EnumerateArray()
            .Any(i => ClusterIncidents.IsOf(i, Cluster) && i.GetProperty("state").GetString() == "open" && i.GetProperty("severity").GetString() == "page"), "incident re-detected", second);
        // ...and, past its start-up hold and a few more rounds, has not paged again.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Single(pages.Requests, IsClusterTrigger);

        zk.Members[0].Start();
        zk.Members[1].Start();
        var resolve = await pages.WaitForAsync(r => Action(r) == "resolve" && ClusterIncidents.IsOf(r, Cluster), TimeSpan.FromSeconds(90), "resolve after the members came back");

        Assert.Equal(key, resolve.Json.GetProperty("dedupKey").GetString());
        Assert.Single(pages.Requests, IsClusterTrigger);
        var status = await StatusAsync(http, url);
        Assert.True(status.GetProperty("delivery").GetProperty("healthy").GetBoolean());
    }

    private static async Task<JsonElement> StatusAsync(HttpClient http, string url) =>
        await http.GetFromJsonAsync<JsonElement>($"{url}/api/v1/status");

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, MonitorProcess monitor)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{what}: not within 60s. stdout:\n{monitor.Stdout}\nstderr:\n{monitor.Stderr}");
    }
}
