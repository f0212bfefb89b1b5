using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Cli.Tests;

/// <summary><c>monitor status</c> and <c>monitor triage</c> against a running monitor watching a real ensemble.</summary>
public sealed class TriageCommandTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    [Fact]
    public async Task Triage_of_a_quorum_loss_names_the_root_cause_its_symptoms_and_next_steps()
    {
        await using var live = await LiveMonitor.StartAsync(_dir, _ports, "triage");
        var zk = live.Zk;
        var url = live.Url;

        // The monitor must have seen the ensemble healthy, or it cannot tell that two members failed together.
        // The status API can show "ok" from the units' latest results before the pipeline has evaluated (and the
        // common-cause detector seen) them: the ensemble itself (not the monitor's own self-check, also a cluster in
        // the list) must read ok on two polls at least two intervals apart.
        await WaitSeenHealthyAsync(live, TimeSpan.FromSeconds(2));
        zk.Members[1].Kill();
        zk.Members[2].Kill();
        // The two killed members' own alerts must be in; on a loaded machine an earlier transient one may ride along too.
        await live.WaitForStatusAsync(s => s.GetProperty("incidents").EnumerateArray().Any(x =>
            x.GetProperty("rootCause").GetProperty("name").GetString() == "ZooKeeperQuorumLost"
            && x.GetProperty("symptoms").EnumerateArray().Count(y => y.GetProperty("name").GetString() == "ZooKeeperMemberDown" && y.GetProperty("state").GetString() == "firing") >= 2));

        var status = await CheckHarness.RunArgsAsync(["status", "--url", url]);
        Assert.Equal(2, status.ExitCode);
        Assert.Contains("CRIT  zookeeper/zk-realtime", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("0/3 members up", status.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", status.Stdout, StringComparison.Ordinal);

        var triage = await CheckHarness.RunArgsAsync(["triage", "--url", url]);
        Assert.Equal(2, triage.ExitCode);
        Assert.Contains("ROOT CAUSE\n  ZooKeeperQuorumLost{zookeeper/zk-realtime}  firing", triage.Stdout, StringComparison.Ordinal);
        Assert.Contains("muted: they do not page on their own", triage.Stdout, StringComparison.Ordinal);
        Assert.Contains($"ZooKeeperMemberDown{{zookeeper/zk-realtime,member={zk.Members[1].Address}}}", triage.Stdout, StringComparison.Ordinal);
        Assert.Contains($"ZooKeeperMemberDown{{zookeeper/zk-realtime,member={zk.Members[2].Address}}}", triage.Stdout, StringComparison.Ordinal);
        Assert.Contains("CHECK NEXT\n  1. Do not restart the surviving members", triage.Stdout, StringComparison.Ordinal);
        Assert.Contains("Runbook: docs/runbooks.md#zookeeperquorumlost", triage.Stdout, StringComparison.Ordinal);
        Assert.True(triage.Stdout.Contains("correlated failure: 2 of 3 members of zk-realtime failed", StringComparison.Ordinal), triage.Stdout);

        // The quorum loss's id: on a loaded machine the monitor's own MonitorOverloaded incident may be listed too.
        var quorumLoss = triage.Stdout[..triage.Stdout.IndexOf("ROOT CAUSE\n  ZooKeeperQuorumLost{zookeeper/zk-realtime}", StringComparison.Ordinal)];
        var id = quorumLoss.Split(' ', '\n').Last(w => w.StartsWith("inc-", StringComparison.Ordinal));
        var one = await CheckHarness.RunArgsAsync(["triage", id, "--url", url, "--color", "always"]);
        Assert.Contains("\u001b[31;1mPAGE\u001b[0m", one.Stdout, StringComparison.Ordinal);
        var missing = await CheckHarness.RunArgsAsync(["triage", "inc-nope", "--url", url]);
        Assert.Equal(3, missing.ExitCode);
    }

    [Fact]
    public async Task Status_of_an_unreachable_monitor_exits_3()
    {
        var result = await CheckHarness.RunArgsAsync(["status", "--url", $"http://127.0.0.1:{_ports.Next()}"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("cannot read", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Until zk-realtime reads ok on a poll and again on one at least <paramref name="apart"/> later.</summary>
    private static async Task WaitSeenHealthyAsync(LiveMonitor live, TimeSpan apart)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        DateTime? firstOk = null;
        while (true)
        {
            var status = await live.StatusAsync();
            var ok = ClusterIncidents.StateOf(status, "zk-realtime") == "ok";
            firstOk = ok ? firstOk ?? DateTime.UtcNow : null;
            if (firstOk is { } since && DateTime.UtcNow - since >= apart)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"zk-realtime never read ok twice {apart.TotalSeconds} s apart; last:\n{status}");
            await Task.Delay(200);
        }
    }

    public void Dispose() => _dir.Dispose();
}
