using System.Globalization;
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
/// Issue 15, must-show 2, live: a "config tool" restarts all three members of a real ensemble, launched for all three
/// at once, while a monitor (in-process, real sockets, real webhook delivery) watches it and an independent
/// <see cref="SrvrQuorumSampler"/> asks every member <c>srvr</c> every 200 ms.
/// <para>
/// The tool, per member, is <c>monitor permit acquire --wait 120s ... &amp;&amp; kill -9 &amp;&amp; start</c>: the real
/// <c>monitor</c> executable as its own process, and on its exit 0 a SIGKILL and a restart of that member through the
/// lab's ensemble API (a shell script could not restart a lab member). The three runs are three concurrent tasks
/// started together, which is what a tool launched in parallel on three hosts does. There is no release call: the
/// monitor ends each permit itself once the member serves again and has caught up.
/// </para>
/// <para>
/// Restarting the leader always costs an election (ZooKeeper has no leader hand-off), during which the two survivors
/// answer "not currently serving": with permits, no sample ever has two members down, and any sample without a
/// serving quorum is such an election among two live members. Without permits the three go down together and the
/// quorum is gone outright.
/// </para>
/// </summary>
public sealed class RollingRestartLiveTests : IDisposable
{
    private const string Cluster = "zk-realtime";
    private const string Token = "qm-rolling-token-5be21f0c9d73";

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private string TokenFile => Path.Combine(_dir.Root, "api-token");

    private async Task<(WebApplication App, string Url)> StartMonitorAsync(ZooKeeperEnsemble zk, ScriptedSink pages, ScriptedSink warnings)
    {
        await File.WriteAllTextAsync(TokenFile, Token + "\n");
        var config = MonitorKinds.Config.Parse($"""
            monitor:
              interval: 500ms
              deadline: 1s
            api:
              tokens:
                - tokenFile: {TokenFile}
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

    private async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> what)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail(await what());
            }

            await Task.Delay(200);
        }
    }

    private async Task<bool> AllServingAsync(string url) =>
        ClusterIncidents.Cluster(await StatusAsync(url), Cluster) is { } c
        && c.GetProperty("members").EnumerateArray().All(m => m.GetProperty("state").GetString() == "serving");

    private async Task<JsonElement[]> PermitsAsync(string url) =>
        [.. JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/v1/permits")).RootElement.GetProperty("permits").EnumerateArray()];

    private static bool IsPage(RecordedRequest r) => ClusterIncidents.IsOf(r, Cluster) && r.Json.GetProperty("action").GetString() == "trigger";

    private async Task<(WebApplication App, string Url)> SteadyMonitorAsync(ZooKeeperEnsemble zk, ScriptedSink pages, ScriptedSink warnings)
    {
        var (app, url) = await StartMonitorAsync(zk, pages, warnings);
        await WaitForAsync(async () => ClusterIncidents.StateOf(await StatusAsync(url), Cluster) == "ok", TimeSpan.FromSeconds(60),
            async () => $"the ensemble never showed ok:\n{await StatusAsync(url)}");
        return (app, url);
    }

    /// <summary>The tool on one host: take a permit (waiting while refused), then kill -9 the member and start it.</summary>
    private async Task<ToolRun> RestartUnderPermitAsync(ZooKeeperNode member, string url)
    {
        using var acquire = new MonitorProcess("permit", "acquire", "--cluster", Cluster, "--member", member.Address.ToString(),
            "--wait", "120s", "--ttl", "3m", "--reason", "rolling restart", "--holder", $"tool@{member.Name}",
            "--url", url, "--token-file", TokenFile);
        var code = await acquire.WaitForExitAsync(TimeSpan.FromSeconds(150));
        if (code != 0)
        {
            return new ToolRun(member, code, acquire.Stdout + acquire.Stderr, member.Pid, member.Pid);
        }

        var before = member.Pid;
        member.Kill();
        member.Start();
        return new ToolRun(member, code, acquire.Stdout + acquire.Stderr, before, member.Pid);
    }

    /// <summary>The same tool with the permit step taken out.</summary>
    private static Task<ToolRun> RestartWithoutPermitAsync(ZooKeeperNode member)
    {
        var before = member.Pid;
        member.Kill();
        member.Start();
        return Task.FromResult(new ToolRun(member, 0, "", before, member.Pid));
    }

    private static string Describe(IEnumerable<SrvrQuorumSampler.Sample> samples) => string.Join("\n", samples);

    [Fact]
    public async Task Three_restarts_launched_at_once_under_permits_never_take_two_members_down_and_page_nothing()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "zk");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(90));
        await using var pages = await ScriptedSink.StartAsync(_ports, _ => 200);
        await using var warnings = await ScriptedSink.StartAsync(_ports, _ => 200);
        var (app, url) = await SteadyMonitorAsync(zk, pages, warnings);
        await using var _ = app;

        await using var sampler = SrvrQuorumSampler.Start(zk.Servers);
        var runs = await Task.WhenAll(zk.Members.Select(m => Task.Run(() => RestartUnderPermitAsync(m, url))));
        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 0, $"{run.Member.Name}: acquire exited {run.ExitCode}:\n{run.Output}");
            Assert.Contains($" held {Cluster} {run.Member.Address} until ", run.Output, StringComparison.Ordinal);
        }

        // Done when the monitor has ended every permit itself and sees all three serving.
        await WaitForAsync(async () => (await PermitsAsync(url)).All(p => p.GetProperty("state").GetString() == "released") && await AllServingAsync(url),
            TimeSpan.FromSeconds(90), async () => $"permits never all released with every member serving:\n{string.Join("\n", await PermitsAsync(url))}");
        var samples = await sampler.StopAsync();

        var permits = await PermitsAsync(url);
        Assert.Equal(3, permits.Length);
        Assert.Equal(zk.Members.Select(m => m.Address.ToString()).Order(), permits.Select(p => p.GetProperty("member").GetString()!).Order());
        Assert.All(permits, p => Assert.Equal("the member serves again and has caught up", p.GetProperty("endReason").GetString()));
        // All three restarted (a new process each), one after the other: no permit was granted before the previous
        // one ended, although all three were asked for at once.
        Assert.All(runs, r => Assert.True(r.PidBefore is not null && r.PidAfter is not null && r.PidAfter != r.PidBefore, $"{r.Member.Name} not restarted: {r}"));
        var byGrant = permits.OrderBy(p => p.GetProperty("grantedAt").GetDateTimeOffset()).ToList();
        for (var i = 1; i < byGrant.Count; i++)
        {
            Assert.True(byGrant[i].GetProperty("grantedAt").GetDateTimeOffset() >= byGrant[i - 1].GetProperty("endedAt").GetDateTimeOffset(),
                $"two permits held at once:\n{byGrant[i - 1]}\n{byGrant[i]}");
        }

        // The sampler saw the whole run, and never two members down at once.
        Assert.True(samples.Count >= 20, $"only {samples.Count} samples:\n{Describe(samples)}");
        Assert.All(samples, s => Assert.True(s.Up >= 2, $"two members down at once at {s}:\n{Describe(samples)}"));
        Assert.Contains(samples, s => s.Up == 2);
        // Any sample without a serving quorum is the election after a leader's own restart, among two live members.
        Assert.All(samples.Where(s => s.Serving < 2), s => Assert.Equal(2, s.Up));

        // Let anything the run caused be delivered, then count: nothing paged for the cluster.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var paged = pages.Requests.Where(r => ClusterIncidents.IsOf(r, Cluster)).ToList();
        Assert.True(paged.Count == 0, $"{paged.Count} pages for {Cluster}:\n{string.Join("\n", paged.Select(r => r.Body))}\n"
            + $"permits:\n{string.Join("\n", permits)}\nsamples without a serving quorum:\n{Describe(samples.Where(s => s.Serving < 2))}");
    }

    [Fact]
    public async Task The_same_three_restarts_without_permits_lose_quorum_and_page_once()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "zk");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(90));
        await using var pages = await ScriptedSink.StartAsync(_ports, _ => 200);
        await using var warnings = await ScriptedSink.StartAsync(_ports, _ => 200);
        var (app, url) = await SteadyMonitorAsync(zk, pages, warnings);
        await using var _ = app;

        await using var sampler = SrvrQuorumSampler.Start(zk.Servers);
        var runs = await Task.WhenAll(zk.Members.Select(m => Task.Run(() => RestartWithoutPermitAsync(m))));
        Assert.All(runs, r => Assert.True(r.PidBefore is not null && r.PidAfter is not null && r.PidAfter != r.PidBefore, $"{r.Member.Name} not restarted: {r}"));

        await WaitForAsync(() => Task.FromResult(pages.Requests.Any(IsPage)), TimeSpan.FromSeconds(60),
            async () => $"no page for the quorum loss; status:\n{await StatusAsync(url)}");
        await WaitForAsync(() => AllServingAsync(url), TimeSpan.FromSeconds(90), async () => $"the ensemble never recovered:\n{await StatusAsync(url)}");
        var samples = await sampler.StopAsync();
        Assert.Contains(samples, s => s.Serving < 2);

        // Let any further notification of that incident arrive, then count.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var paged = pages.Requests.Where(IsPage).ToList();
        Assert.True(paged.Count == 1, $"{paged.Count} pages:\n{string.Join("\n", paged)}");
        Assert.Equal("ZooKeeperQuorumLost", paged[0].Json.GetProperty("incident").GetProperty("rootCause").GetProperty("name").GetString());
    }

    private sealed record ToolRun(ZooKeeperNode Member, int ExitCode, string Output, int? PidBefore, int? PidAfter);
}
