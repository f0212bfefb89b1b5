using System.Globalization;
using System.Text.Json;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 12: the extras (mntr, AdminServer, session) never turn a healthy member into a page. Real ensembles behind a
/// hung AdminServer, and scripted members whose answers no real server gives (5 MiB mntr, NaN latencies).
/// </summary>
public sealed class CheckZooKeeperExtrasTests : IDisposable
{
    private const string NotWhitelisted = "mntr is not executed because it is not in the whitelist.\n";

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    private static string ScriptedConfig(ScriptedZooKeeperMember member, Uri? admin = null, string interval = "300ms") =>
        $"monitor:\n  interval: {interval}\n  deadline: 3s\nzookeeper:\n  - name: zk-scripted\n    servers: [\"{member.Address}\"]\n"
        + (admin is null ? "" : $"    adminUrls: [\"{admin}\"]\n")
        + "    sessionCheck: false\n";

    private static IEnumerable<string> Problems(JsonElement member) =>
        member.TryGetProperty("problems", out var p) ? p.EnumerateArray().Select(x => x.GetString()!) : [];

    private static void AssertNoPage(CheckHarness.Outcome result)
    {
        Assert.True(result.ExitCode is 0 or 1, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.DoesNotContain(result.Alerts(), a => a.GetProperty("severity").GetString() == "page");
    }

    [Fact]
    public async Task Healthy_ensemble_behind_a_hung_admin_server_never_pages()
    {
        // srvr only: mntr goes to the AdminServer, which accepts and never answers.
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "hungadmin", fourLetterWords: "srvr");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        await using var hung = new ScriptedAdminServer(AdminServerBehaviour.Hang);
        var yaml = $"monitor:\n  deadline: 2s\nzookeeper:\n{zk.ToYaml("zk-realtime", adminUrls: [.. zk.Members.Select(_ => hung.Url.ToString())])}";

        var result = await CheckHarness.RunAsync(yaml, "--format", "json", "--interval", "300ms");

        AssertNoPage(result);
        Assert.Equal(1, result.ExitCode);
        Assert.All(result.Alerts(), a => Assert.Equal("ZooKeeperMemberChecksFailing", a.GetProperty("name").GetString()));
        Assert.Contains(result.Alerts(), a => a.GetProperty("summary").GetString()!.Contains($"AdminServer {hung.Url}", StringComparison.Ordinal));
        Assert.True(hung.Accepted >= 3, $"the hung AdminServer saw {hung.Accepted} connections; the probe never asked it");
        var members = result.Members().EnumerateArray().ToList();
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.Equal("serving", m.GetProperty("state").GetString()));
        Assert.All(members, m => Assert.Contains(Problems(m), p => p.StartsWith($"AdminServer {hung.Url}: no answer within", StringComparison.Ordinal)));
        var cluster = result.Json.GetProperty("clusters")[0];
        Assert.True(cluster.GetProperty("hasQuorum").GetBoolean());
        Assert.Equal(3, cluster.GetProperty("voters").GetInt32());

        var text = await CheckHarness.RunAsync(yaml, "--interval", "300ms");
        Assert.True(text.ExitCode is 0 or 1, text.Stdout);
        Assert.Contains($"problems: AdminServer {hung.Url}: no answer within", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_MiB_mntr_answer_never_pages_and_the_member_serves()
    {
        var huge = "zk_version\t3.8.0\n" + string.Concat(Enumerable.Repeat("zk_padding\t" + new string('x', 1000) + "\n", 5 * 1024));
        await using var member = new ScriptedZooKeeperMember(new Dictionary<string, string> { ["srvr"] = ScriptedZooKeeperMember.Srvr(), ["mntr"] = huge });

        var result = await CheckHarness.RunAsync(ScriptedConfig(member), "--format", "json", "--interval", "300ms");

        AssertNoPage(result);
        var m = Assert.Single(result.Members().EnumerateArray());
        Assert.Equal("serving", m.GetProperty("state").GetString());
        Assert.Contains(Problems(m), p => p.StartsWith("mntr: ", StringComparison.Ordinal) && p.Contains("larger than", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NaN_and_infinity_answers_give_valid_json_from_check_and_the_status_api()
    {
        await using var member = new ScriptedZooKeeperMember(new Dictionary<string, string>
        {
            ["srvr"] = ScriptedZooKeeperMember.Srvr(latency: "0/NaN/Infinity"),
            ["mntr"] = "zk_version\t3.8.0\nzk_uptime\tNaN\nzk_quorum_size\t1\nzk_avg_latency\t-Infinity\n",
        });

        var check = await CheckHarness.RunAsync(ScriptedConfig(member), "--format", "json", "--interval", "300ms");

        AssertNoPage(check);
        AssertServingWithNamedFields(Assert.Single(check.Members().EnumerateArray()));

        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var app = MonitorWebApp.Build(MonitorKinds.Config.Parse(ScriptedConfig(member)), [url]);
        await app.StartAsync();
        using var http = new HttpClient();
        JsonElement status = default;
        for (var i = 0; i < 100; i++)
        {
            using var response = await http.GetAsync($"{url}/api/v1/status");
            Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (status.GetProperty("clusters") is { } c && c.GetArrayLength() > 0 && c[0].GetProperty("members") is { } ms
                && ms.GetArrayLength() > 0 && ms[0].GetProperty("state").GetString() == "serving")
            {
                break;
            }

            await Task.Delay(200);
        }

        AssertServingWithNamedFields(status.GetProperty("clusters")[0].GetProperty("members")[0]);
        await app.StopAsync();
    }

    private static void AssertServingWithNamedFields(JsonElement m)
    {
        Assert.Equal("serving", m.GetProperty("state").GetString());
        Assert.Equal("standalone", m.GetProperty("role").GetString());
        Assert.False(m.TryGetProperty("latencyAvgMs", out _));
        Assert.False(m.TryGetProperty("uptimeSeconds", out _));
        var problems = Problems(m).ToList();
        Assert.Contains("srvr: unreadable Latency avg 'NaN'", problems);
        Assert.Contains("srvr: unreadable Latency max 'Infinity'", problems);
        Assert.Contains("mntr: unreadable uptime 'NaN'", problems);
    }

    [Fact]
    public async Task Endless_admin_body_is_capped_and_the_monitor_stays_under_200_MiB()
    {
        await using var member = new ScriptedZooKeeperMember(new Dictionary<string, string> { ["srvr"] = ScriptedZooKeeperMember.Srvr(), ["mntr"] = NotWhitelisted });
        await using var endless = new ScriptedAdminServer(AdminServerBehaviour.EndlessBody);
        var config = Path.Combine(_dir.Root, "endless.yaml");
        await File.WriteAllTextAsync(config, ScriptedConfig(member, endless.Url, interval: "200ms"));
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        using var run = new MonitorProcess("run", "--config", config, "--urls", url);
        await run.WaitForOutputAsync("monitor: serving", TimeSpan.FromSeconds(60));

        using var http = new HttpClient();
        var capped = 0;
        var rounds = 0;
        JsonElement member0 = default;
        for (var i = 0; i < 300 && capped < 10; i++)
        {
            await Task.Delay(200);
            var clusters = JsonDocument.Parse(await http.GetStringAsync($"{url}/api/v1/status")).RootElement.GetProperty("clusters");
            if (clusters.GetArrayLength() == 0 || clusters[0].GetProperty("members").GetArrayLength() == 0)
            {
                continue;
            }

            member0 = clusters[0].GetProperty("members")[0];
            if (Problems(member0).Any(p => p.Contains("larger than 4194304 bytes (the cap)", StringComparison.Ordinal)))
            {
                capped++;
            }

            rounds = endless.Requests;
        }

        var peakRss = PeakRssBytes(run.Pid);
        run.Terminate();
        await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(capped >= 10, $"the cap never showed; last member:\n{member0}");
        Assert.Equal("serving", member0.GetProperty("state").GetString());
        Assert.True(rounds >= 5, $"only {rounds} AdminServer reads");
        Assert.True(peakRss < 200L << 20, $"monitor peak RSS {peakRss >> 20} MiB after {rounds} endless answers");
    }

    /// <summary>VmHWM: the process's peak resident set, so a spike between samples is not missed.</summary>
    private static long PeakRssBytes(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public void Dispose() => _dir.Dispose();
}
