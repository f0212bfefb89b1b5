using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.Notify.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 16, must-show 3, live: <c>monitor run</c> on a real ensemble loses its quorum and pages; the monitor is
/// SIGKILLed mid-incident and started again on the same state file. <c>/api/v1/incidents/{id}</c> shows the same
/// incident under the same id, open, with the whole timeline it had before the kill; nobody is paged again; when the
/// members come back it resolves under that id.
/// </summary>
public sealed class IncidentDurabilityLiveTests : IDisposable
{
    private const string Cluster = "zk-realtime";

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private static bool IsClusterTrigger(RecordedRequest r) => r.Json.GetProperty("action").GetString() == "trigger" && ClusterIncidents.IsOf(r, Cluster);

    private static List<string> Events(JsonElement timeline) =>
        [.. timeline.EnumerateArray().Select(e => $"{e.GetProperty("at").GetString()} {e.GetProperty("kind").GetString()} {e.GetProperty("text").GetString()}")];

    [Fact]
    public async Task A_monitor_SIGKILLed_mid_incident_shows_the_same_incident_id_and_whole_timeline_after_its_restart()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "zk-durable");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(90));
        await using var pages = await ScriptedSink.StartAsync(_ports, _ => 200);
        await using var owners = await ScriptedSink.StartAsync(_ports, _ => 200);
        var stateFile = Path.Combine(_dir.Root, "state.db");
        var config = Path.Combine(_dir.Root, "monitor.yaml");
        await File.WriteAllTextAsync(config, $"""
            monitor:
              interval: 500ms
              deadline: 1s
            correlation:
              resolveHold: 2s
            zookeeper:
            {zk.ToYaml(Cluster)}
            notify:
              stateFile: {stateFile}
              channels:
                - name: oncall
                  webhook: {"{"}url: "{pages.Url}page"{"}"}
                - name: owners
                  webhook: {"{"}url: "{owners.Url}owners"{"}"}
              routes:
                - severities: [page, warning]
                  channels: [oncall]
              fallback: owners
            """);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";

        string id;
        List<string> before;
        using (var first = new MonitorProcess("run", "--config", config, "--urls", url))
        {
            await first.WaitForOutputAsync("serving on", TimeSpan.FromSeconds(30));
            await WaitForAsync(async () => ClusterIncidents.StateOf(await GetAsync("/api/v1/status", url), Cluster) == "ok", "ensemble ok before the failure", first);
            zk.Members[0].Kill();
            zk.Members[1].Kill();
            var trigger = await pages.WaitForAsync(IsClusterTrigger, TimeSpan.FromSeconds(120), "quorum-loss page");
            id = trigger.Json.GetProperty("incident").GetProperty("id").GetString()!;
            Assert.Equal("ZooKeeperQuorumLost", trigger.Json.GetProperty("incident").GetProperty("rootCause").GetProperty("name").GetString());

            var shown = await GetAsync($"/api/v1/incidents/{id}", url);
            Assert.Equal("open", shown.GetProperty("state").GetString());
            before = Events(shown.GetProperty("timeline"));
            Assert.Contains(before, e => e.Contains(" opened ", StringComparison.Ordinal));

            // The page acknowledged (else the restart rightly sends it again: at-least-once), and what the API showed
            // is in the state file (written off the evaluation path, within moments): kill then.
            await WaitForAsync(async () => (await GetAsync("/api/v1/status", url)).GetProperty("delivery").GetProperty("queueDepth").GetInt32() == 0, "page acknowledged", first);
            await WaitForAsync(() => Task.FromResult(KeptTimelineLength(stateFile, id) >= before.Count), "the incident written to the state file", first);
            first.KillHard();
        }

        using var second = new MonitorProcess("run", "--config", config, "--urls", url);
        await second.WaitForOutputAsync("serving on", TimeSpan.FromSeconds(30));
        var restored = await GetAsync($"/api/v1/incidents/{id}", url);
        Assert.Equal(id, restored.GetProperty("id").GetString());
        Assert.Equal("open", restored.GetProperty("state").GetString());
        Assert.Equal("ZooKeeperQuorumLost", restored.GetProperty("rootCause").GetProperty("name").GetString());
        var after = Events(restored.GetProperty("timeline"));
        Assert.Equal(before, after.Take(before.Count));
        Assert.Contains(after.Skip(before.Count), e => e.Contains(" restarted ", StringComparison.Ordinal));
        Assert.Contains("carried over from the state file", second.Stdout, StringComparison.Ordinal);
        var listed = (await GetAsync("/api/v1/incidents", url)).GetProperty("incidents").EnumerateArray().Where(i => ClusterIncidents.IsOf(i, Cluster)).ToList();
        Assert.Equal(id, Assert.Single(listed).GetProperty("id").GetString());

        // Still down: the restarted monitor confirms the quorum loss into the same incident and pages nobody again.
        await WaitForAsync(async () => Events((await GetAsync($"/api/v1/incidents/{id}", url)).GetProperty("timeline")).Skip(before.Count)
            .Any(e => e.Contains(" re-fired ZooKeeperQuorumLost", StringComparison.Ordinal)), "the quorum loss confirmed again into the same incident", second);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(pages.Requests, IsClusterTrigger);

        // Back: it resolves, under the same id and dedup key, with the timeline from before the kill still at its head.
        zk.Members[0].Start();
        zk.Members[1].Start();
        var resolve = await pages.WaitForAsync(r => r.Json.GetProperty("action").GetString() == "resolve" && ClusterIncidents.IsOf(r, Cluster), TimeSpan.FromSeconds(120), "resolve after the members came back");
        Assert.Equal(id, resolve.Json.GetProperty("dedupKey").GetString());
        var resolved = await GetAsync($"/api/v1/incidents/{id}", url);
        Assert.Equal("resolved", resolved.GetProperty("state").GetString());
        Assert.Equal(before, Events(resolved.GetProperty("timeline")).Take(before.Count));
        // One page. The members come back one at a time: with one back the incident may step down to
        // ZooKeeperNoFaultTolerance, an update (severity warning) under the same key before the resolve, never a new page.
        Assert.Single(pages.Requests, r => IsClusterTrigger(r) && r.Json.GetProperty("severity").GetString() == "page");
        Assert.All(pages.Requests.Where(IsClusterTrigger), r => Assert.Equal(id, r.Json.GetProperty("dedupKey").GetString()));
    }

    /// <summary>How many timeline events the state file holds for the incident (0 while it holds none).</summary>
    private static int KeptTimelineLength(string stateFile, string id)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = stateFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT body FROM tracker_incidents WHERE id = $id AND state = 'open'";
        cmd.Parameters.AddWithValue("$id", id);
        if (cmd.ExecuteScalar() is not string body)
        {
            return 0;
        }

        var timeline = JsonDocument.Parse(body).RootElement.GetProperty("timeline");
        return timeline.GetProperty("first").GetArrayLength() + timeline.GetProperty("last").GetArrayLength();
    }

    private async Task<JsonElement> GetAsync(string path, string url)
    {
        using var answer = await _http.GetAsync($"{url}{path}");
        Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, MonitorProcess monitor)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or SqliteException or Xunit.Sdk.XunitException)
            {
                // Not listening yet, or the file not created yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{what}: not within 90s. stdout:\n{monitor.Stdout}\nstderr:\n{monitor.Stderr}");
    }
}
