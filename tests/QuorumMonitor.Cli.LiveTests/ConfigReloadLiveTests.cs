using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.Notify.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 18, must-show 3: the real <c>monitor run</c> process on real ZooKeeper ensembles. Cluster A has an open,
/// announced incident (one member of three killed); the config file then changes cluster B's deadline and adds
/// cluster C, and the monitor gets <c>SIGHUP</c>: A's incident keeps its id and its timeline and is not announced
/// again (triggers counted in a local webhook sink), B runs with the new deadline (the status's <c>config</c>
/// object), C appears. Then an invalid file, by <c>SIGHUP</c> and by <c>POST /-/reload</c>: everything keeps running,
/// and the failure shows in the status and in <c>quorum_monitor_config_last_reload_successful</c>.
/// </summary>
public sealed class ConfigReloadLiveTests : IDisposable
{
    private const string Token = "qm-reload-token-5b1e07c9d4a3";

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public void Dispose() => _dir.Dispose();

    private static bool IsTriggerOf(RecordedRequest r, string cluster) =>
        r.Json.GetProperty("action").GetString() == "trigger" && ClusterIncidents.IsOf(r, cluster);

    [Fact]
    public async Task Sighup_keeps_an_open_incident_as_it_was_applies_a_new_deadline_and_a_new_cluster_and_an_invalid_file_changes_nothing()
    {
        using var a = ZooKeeperEnsemble.Start(3, _ports, _dir, "zk-a");
        using var b = ZooKeeperEnsemble.Start(1, _ports, _dir, "zk-b");
        using var c = ZooKeeperEnsemble.Start(1, _ports, _dir, "zk-c");
        await Task.WhenAll(a.WaitForQuorumAsync(TimeSpan.FromSeconds(90)), b.WaitForQuorumAsync(TimeSpan.FromSeconds(90)), c.WaitForQuorumAsync(TimeSpan.FromSeconds(90)));
        await using var sink = await ScriptedSink.StartAsync(_ports, _ => 200);
        var tokenFile = Path.Combine(_dir.Root, "api-token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        var config = Path.Combine(_dir.Root, "monitor.yaml");
        string Yaml(string clusters) => $"""
            monitor:
              interval: 500ms
              deadline: 1s
            api:
              tokens:
                - tokenFile: {tokenFile}
            notify:
              stateFile: state.db
              channels:
                - name: sink
                  webhook: {"{"}url: "{sink.Url}hook"{"}"}
              routes:
                - severities: [page, warning]
                  channels: [sink]
            zookeeper:
            {clusters}
            """;
        await System.IO.File.WriteAllTextAsync(config, Yaml(a.ToYaml("a") + b.ToYaml("b")));
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var monitor = new MonitorProcess("run", "--config", config, "--urls", url);
        await monitor.WaitForOutputAsync("serving on", TimeSpan.FromSeconds(30));
        await WaitForAsync(http, url, s => ClusterIncidents.StateOf(s, "a") == "ok" && ClusterIncidents.StateOf(s, "b") == "ok", "a and b ok", monitor);

        a.Members[2].Kill();
        await sink.WaitForAsync(r => IsTriggerOf(r, "a"), TimeSpan.FromSeconds(120), "a's incident announced");

        // The incident settles first: a second alert of a (no fault tolerance left) may join a round after the first,
        // a change of severity that is sent again by itself. Settled = same timeline and deliveries for 3 s.
        var (before, incident, triggers) = await SettledAsync(http, url, sink, monitor);
        var id = incident.GetProperty("id").GetString();
        var timeline = Timeline(incident);
        Assert.Equal(1.0, DeadlineOf(before, "b"));

        // B's deadline changes, C is added; A's entry is the same text.
        await System.IO.File.WriteAllTextAsync(config, Yaml(a.ToYaml("a") + b.ToYaml("b", deadline: TimeSpan.FromMilliseconds(700)) + c.ToYaml("c")));
        Signal(monitor, "HUP");
        var reloaded = await WaitForAsync(http, url, s => ClusterIncidents.StateOf(s, "c") is not null && DeadlineOf(s, "b") == 0.7, "b's new deadline and c evaluated", monitor);
        Assert.True(reloaded.GetProperty("config").GetProperty("lastReloadSuccessful").GetBoolean());
        Assert.Contains("1 changed (zookeeper/b), 1 added (zookeeper/c)", reloaded.GetProperty("config").GetProperty("lastReloadChanges").GetString(), StringComparison.Ordinal);

        // Several rounds later A's incident is the same one, its timeline as it was, and it was announced once.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var after = await StatusAsync(http, url);
        var same = OpenIncidentOf(after, "a");
        Assert.True(same is not null, $"a's incident is no longer open:\n{after}");
        Assert.Equal(id, same.Value.GetProperty("id").GetString());
        Assert.Equal(timeline, Timeline(same.Value));
        Assert.Equal(triggers, sink.Requests.Count(r => IsTriggerOf(r, "a")));
        Assert.Equal("ok", ClusterIncidents.StateOf(after, "b"));
        Assert.Equal("ok", ClusterIncidents.StateOf(after, "c"));
        Assert.Contains("config reloaded (SIGHUP)", monitor.Stdout, StringComparison.Ordinal);

        // An invalid file, by SIGHUP: the running config stays, the failure shows (field and line) in status and metrics.
        const string broken = "  - name: b\n    servers: [\"127.0.0.1:1\"]\n    deadline: soon\n";
        await System.IO.File.WriteAllTextAsync(config, Yaml(a.ToYaml("a") + broken + c.ToYaml("c")));
        Signal(monitor, "HUP");
        var failed = await WaitForAsync(http, url, s => !s.GetProperty("config").GetProperty("lastReloadSuccessful").GetBoolean(), "the failed reload shown", monitor);
        var shown = failed.GetProperty("config");
        Assert.Contains("deadline", shown.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("(line ", shown.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(shown.GetProperty("errors")[0].GetProperty("line").GetInt32() > 0);
        var metrics = await http.GetStringAsync($"{url}/metrics");
        Assert.Contains("quorum_monitor_config_last_reload_successful 0", metrics, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_config_last_reload_success_timestamp_seconds ", metrics, StringComparison.Ordinal);

        // By POST /-/reload: refused without the token, 422 naming field and line with it.
        using (var anonymous = await http.PostAsync($"{url}/-/reload", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/-/reload");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var answer = await http.SendAsync(request);
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.False(body.GetProperty("reloaded").GetBoolean());
        Assert.Contains("deadline", body.GetProperty("errors")[0].GetProperty("field").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("errors")[0].GetProperty("line").GetInt32() > 0);

        // Everything keeps running on the last good config: evaluations go on, b keeps its new deadline, c stays,
        // a's incident is the same one, announced once.
        var evaluatedB = LastEvaluation(metrics, "b");
        var still = await WaitForAsync(http, url, _ => true, "status", monitor);
        await WaitForMetricsAsync(http, url, m => LastEvaluation(m, "b") > evaluatedB && LastEvaluation(m, "c") > evaluatedB, "b and c evaluated after the failed reloads", monitor);
        Assert.Equal(0.7, DeadlineOf(still, "b"));
        Assert.Equal(id, OpenIncidentOf(still, "a")?.GetProperty("id").GetString());
        Assert.Equal(triggers, sink.Requests.Count(r => IsTriggerOf(r, "a")));
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(monitor.Stdout, "config reload \\(SIGHUP\\) from .* failed"));
    }

    private static double LastEvaluation(string metrics, string cluster)
    {
        var match = System.Text.RegularExpressions.Regex.Match(metrics,
            $"^quorum_monitor_last_evaluation_timestamp_seconds\\{{(?=[^}}]*cluster=\"{cluster}\")[^}}]*\\}} (\\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static async Task WaitForMetricsAsync(HttpClient http, string url, Func<string, bool> condition, string what, MonitorProcess monitor)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = "";
        while (DateTime.UtcNow < until)
        {
            last = await http.GetStringAsync($"{url}/metrics");
            if (condition(last))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{what}: not within 60s. metrics:\n{last}\nstdout:\n{monitor.Stdout}");
    }

    private static async Task<(JsonElement Status, JsonElement Incident, int Triggers)> SettledAsync(HttpClient http, string url, ScriptedSink sink, MonitorProcess monitor)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var first = await WaitForAsync(http, url, s => OpenIncidentOf(s, "a") is not null, "a's incident open", monitor);
            var triggers = sink.Requests.Count(r => IsTriggerOf(r, "a"));
            await Task.Delay(TimeSpan.FromSeconds(3));
            var second = await WaitForAsync(http, url, s => OpenIncidentOf(s, "a") is not null, "a's incident open", monitor);
            var incident = OpenIncidentOf(second, "a")!.Value;
            if (Timeline(OpenIncidentOf(first, "a")!.Value).SequenceEqual(Timeline(incident)) && triggers == sink.Requests.Count(r => IsTriggerOf(r, "a")))
            {
                return (second, incident, triggers);
            }

            Assert.True(DateTime.UtcNow < until, $"a's incident never settled:\n{second}");
        }
    }

    private static JsonElement? OpenIncidentOf(JsonElement status, string cluster) =>
        status.GetProperty("incidents").EnumerateArray()
            .Where(i => ClusterIncidents.IsOf(i, cluster) && i.GetProperty("state").GetString() == "open")
            .Select(i => (JsonElement?)i)
            .FirstOrDefault();

    private static List<string> Timeline(JsonElement incident) =>
        [.. incident.GetProperty("timeline").EnumerateArray().Select(e => e.GetRawText())];

    /// <summary>The deadline of the cluster's (single or first) unit, as the status's <c>config</c> object shows it.</summary>
    private static double? DeadlineOf(JsonElement status, string cluster) =>
        status.GetProperty("config").GetProperty("clusters").EnumerateArray()
            .Where(c => c.GetProperty("name").GetString() == cluster)
            .Select(c => (double?)c.GetProperty("units")[0].GetProperty("deadlineSeconds").GetDouble())
            .FirstOrDefault();

    private static void Signal(MonitorProcess monitor, string signal) =>
        System.Diagnostics.Process.Start("kill", [$"-{signal}", monitor.Pid.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();

    private static async Task<JsonElement> StatusAsync(HttpClient http, string url) =>
        await http.GetFromJsonAsync<JsonElement>($"{url}/api/v1/status");

    private static async Task<JsonElement> WaitForAsync(HttpClient http, string url, Func<JsonElement, bool> condition, string what, MonitorProcess monitor)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        JsonElement? last = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                var status = await StatusAsync(http, url);
                last = status;
                if (condition(status))
                {
                    return status;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{what}: not within 90s. last status:\n{last}\nstdout:\n{monitor.Stdout}\nstderr:\n{monitor.Stderr}");
    }
}
