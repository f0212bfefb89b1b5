using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.Notify.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 15, scope 3 (must-shows 4 and 5), live: a monitor (in-process, real sockets, real delivery to webhook sinks)
/// watching a real 3-member ensemble. A member down under a permit delivers nothing and the status page (Chromium)
/// shows the permit; a quorum lost while it is held pages and names it. Two members restarted without permits a few
/// seconds apart, quorum held throughout, deliver one <c>OverlappingRestarts</c> warning and no page.
/// </summary>
public sealed class PermitJudgementLiveTests : IDisposable
{
    private const string Cluster = "zk-realtime";
    private const string Token = "qm-judgement-token-41d0b7e9c2a5";

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private async Task<(WebApplication App, string Url)> StartMonitorAsync(ZooKeeperEnsemble zk, ScriptedSink pages, ScriptedSink warnings)
    {
        var tokenFile = Path.Combine(_dir.Root, "api-token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        var config = MonitorKinds.Config.Parse($"""
            monitor:
              interval: 500ms
              deadline: 1s
            api:
              tokens:
                - tokenFile: {tokenFile}
            zookeeper:
            {zk.ToYaml(Cluster)}
            notify:
              stateFile: state.db
              channels:
                - name: oncall
                  webhook: {"{"}url: "{pages.Url}page"{"}"}
                - name: chat
                  webhook: {"{"}url: "{warnings.Url}warn"{"}"}
              routes:
                - severities: [page]
                  channels: [oncall]
                - severities: [warning]
                  channels: [chat]
              fallback: chat
            """, _dir.Root);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        var app = MonitorWebApp.Build(config, [url], s => s.AddSingleton<ILoggerProvider>(new CapturedLogs()));
        await app.StartAsync();
        return (app, url);
    }

    private async Task<JsonElement> StatusAsync(string url) => JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/v1/status")).RootElement;

    private async Task<JsonElement> WaitForStatusAsync(string url, Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        var status = await StatusAsync(url);
        while (!condition(status))
        {
            Assert.True(DateTime.UtcNow < until, $"never {what}; last status:\n{status}");
            await Task.Delay(200);
            status = await StatusAsync(url);
        }

        return status;
    }

    private static JsonElement? MemberOf(JsonElement status, string address) =>
        ClusterIncidents.Cluster(status, Cluster) is { } c
            ? c.GetProperty("members").EnumerateArray().Where(m => m.GetProperty("address").GetString() == address).Select(m => (JsonElement?)m).FirstOrDefault()
            : null;

    private static bool Serving(JsonElement status, string address) => MemberOf(status, address)?.GetProperty("state").GetString() == "serving";

    /// <summary>Asks until granted: right after start (an election, a lagging zxid) the monitor may rightly refuse.</summary>
    private async Task<long> AcquireAsync(string url, string member)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/v1/permits")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { cluster = Cluster, member, ttl = "10m", holder = "chef@node-1", reason = "jvm upgrade" }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var answer = await _http.SendAsync(request);
            var body = await answer.Content.ReadAsStringAsync();
            if (answer.StatusCode == HttpStatusCode.Created)
            {
                return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
            }

            Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
            Assert.True(DateTime.UtcNow < until, $"never granted: {body}");
            await Task.Delay(300);
        }
    }

    private static IEnumerable<JsonElement> AlertsOf(RecordedRequest r)
    {
        var incident = r.Json.GetProperty("incident");
        return incident.GetProperty("symptoms").EnumerateArray().Prepend(incident.GetProperty("rootCause"));
    }

    private static bool IsMemberDown(JsonElement alert, string member) =>
        alert.GetProperty("name").GetString() == "ZooKeeperMemberDown"
        && alert.TryGetProperty("labels", out var labels) && labels.TryGetProperty("member", out var m) && m.GetString() == member;

    [Fact]
    public async Task A_member_down_under_a_permit_delivers_nothing_the_page_shows_the_permit_and_a_quorum_loss_still_pages_naming_it()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "zk");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(90));
        await using var pages = await ScriptedSink.StartAsync(_ports, _ => 200);
        await using var warnings = await ScriptedSink.StartAsync(_ports, _ => 200);
        var (app, url) = await StartMonitorAsync(zk, pages, warnings);
        await using var _ = app;
        await WaitForStatusAsync(url, s => ClusterIncidents.StateOf(s, Cluster) == "ok", TimeSpan.FromSeconds(60), "ok");

        // A follower, so that its restart costs no election (which member leads is whatever the ensemble chose).
        var leader = await zk.FindLeaderAsync();
        var planned = zk.Members.First(m => m != leader);
        var address = planned.Address.ToString();
        var id = await AcquireAsync(url, address);
        planned.Kill();
        var text = $"planned restart, permit #{id} held by chef@node-1: jvm upgrade";
        var status = await WaitForStatusAsync(url, s => MemberOf(s, address) is { } m && m.GetProperty("state").GetString() != "serving"
            && m.TryGetProperty("plannedRestart", out var p) && p.GetString() == text, TimeSpan.FromSeconds(30), "showing the planned restart");

        // Long enough for a member down to confirm and be delivered many times over (500 ms rounds, 2 to confirm).
        await Task.Delay(TimeSpan.FromSeconds(6));
        status = await StatusAsync(url);
        Assert.DoesNotContain(status.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("cluster").GetString() == Cluster);
        Assert.DoesNotContain(warnings.Requests, r => ClusterIncidents.IsOf(r, Cluster));
        Assert.DoesNotContain(pages.Requests, r => ClusterIncidents.IsOf(r, Cluster));

        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            await CliApp.RunAsync(["status", "--url", url, "--color", "never"], output, error, CancellationToken.None);
            Assert.Contains($"PERMIT {address} ", output.ToString(), StringComparison.Ordinal);
            Assert.Contains(text, output.ToString(), StringComparison.Ordinal);
        }

        var dom = await Chromium.RunAsync($"{url}/", "--dump-dom");
        Assert.Contains($"<tr data-member=\"{address}\"><td>{address}</td>", dom, StringComparison.Ordinal);
        Assert.Contains(text, dom, StringComparison.Ordinal);

        // Another member fails while the permit is held: the quorum is gone, and that pages as always, naming the permit.
        var other = zk.Members.First(m => m != planned && m != leader);
        other.Kill();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!pages.Requests.Any(r => ClusterIncidents.IsOf(r, Cluster) && r.Json.GetProperty("action").GetString() == "trigger"))
        {
            Assert.True(DateTime.UtcNow < until, $"no page for the quorum loss; status:\n{await StatusAsync(url)}");
            await Task.Delay(200);
        }

        var page = pages.Requests.First(r => ClusterIncidents.IsOf(r, Cluster));
        var root = page.Json.GetProperty("incident").GetProperty("rootCause");
        Assert.Equal("ZooKeeperQuorumLost", root.GetProperty("name").GetString());
        Assert.Contains($"{address}: {text}", root.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains(page.Json.GetProperty("incident").GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("text").GetString()!.Contains(text, StringComparison.Ordinal));
        Assert.DoesNotContain(pages.Requests.Concat(warnings.Requests).SelectMany(AlertsOf), a => IsMemberDown(a, address));
    }

    [Fact]
    public async Task Two_members_restarted_without_permits_seconds_apart_while_quorum_held_deliver_one_OverlappingRestarts_warning()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "zk");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(90));
        await using var pages = await ScriptedSink.StartAsync(_ports, _ => 200);
        await using var warnings = await ScriptedSink.StartAsync(_ports, _ => 200);
        var (app, url) = await StartMonitorAsync(zk, pages, warnings);
        await using var _ = app;
        await WaitForStatusAsync(url, s => ClusterIncidents.StateOf(s, Cluster) == "ok", TimeSpan.FromSeconds(60), "ok");

        // The two followers, one after the other: the first serves again before the second goes, so quorum holds.
        var leader = await zk.FindLeaderAsync();
        var followers = zk.Members.Where(m => m != leader).ToList();
        var first = DateTime.UtcNow;
        followers[0].Kill();
        followers[0].Start();
        await WaitForStatusAsync(url, s => Serving(s, followers[0].Address.ToString()), TimeSpan.FromSeconds(60), "the first restarted member serving again");
        var wait = first + TimeSpan.FromSeconds(5) - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        followers[1].Kill();
        followers[1].Start();
        await WaitForStatusAsync(url, s => Serving(s, followers[1].Address.ToString()), TimeSpan.FromSeconds(60), "the second restarted member serving again");

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!warnings.Requests.Any(r => ClusterIncidents.IsOf(r, Cluster) && RootName(r) == "OverlappingRestarts"))
        {
            Assert.True(DateTime.UtcNow < until, $"no OverlappingRestarts warning; delivered: {string.Join(", ", warnings.Requests.Select(RootName))}; status:\n{await StatusAsync(url)}");
            await Task.Delay(200);
        }

        // Let any further notification of that incident arrive, then count.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var overlapping = warnings.Requests.Where(r => ClusterIncidents.IsOf(r, Cluster) && RootName(r) == "OverlappingRestarts").ToList();
        Assert.Single(overlapping.Select(r => r.Json.GetProperty("incident").GetProperty("id").GetString()).Distinct());
        var root = overlapping[0].Json.GetProperty("incident").GetProperty("rootCause");
        Assert.Equal("warning", root.GetProperty("severity").GetString());
        Assert.Contains($"2 of 3 members of ZooKeeper ensemble {Cluster}", root.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains(followers[0].Address.ToString(), root.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains(followers[1].Address.ToString(), root.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(pages.Requests, r => ClusterIncidents.IsOf(r, Cluster));
    }

    private static string? RootName(RecordedRequest r) =>
        r.Json.TryGetProperty("incident", out var i) ? i.GetProperty("rootCause").GetProperty("name").GetString() : null;
}
