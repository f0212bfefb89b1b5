using System.Globalization;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.Timing;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary><c>monitor check</c> end to end on real ensembles (issue 2, must-show 1-5).</summary>
public sealed class CheckZooKeeperTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    private static string Config(ZooKeeperEnsemble zk, int deadlineMs = 1000) =>
        $"monitor:\n  deadline: {deadlineMs.ToString(CultureInfo.InvariantCulture)}ms\nzookeeper:\n{zk.ToYaml("zk-realtime")}";

    private async Task<ZooKeeperEnsemble> StartAsync(int size, string name)
    {
        var zk = ZooKeeperEnsemble.Start(size, _ports, _dir, name);
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        return zk;
    }

    [Fact]
    public async Task Healthy_three_member_ensemble_is_ok_with_exactly_one_leader()
    {
        using var zk = await StartAsync(3, "healthy");

        // A deadline with room for a loaded machine: this test is about a healthy ensemble raising nothing, and a cold
        // first round (session handshake, admin server) must not pass for a slow member.
        var result = await CheckHarness.RunAsync(Config(zk, deadlineMs: 3000), "--format", "json", "--interval", "200ms");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ok", result.Json.GetProperty("status").GetString());
        var cluster = result.Json.GetProperty("clusters")[0];
        Assert.Equal("zookeeper", cluster.GetProperty("kind").GetString());
        Assert.Equal("zk-realtime", cluster.GetProperty("name").GetString());
        Assert.Equal("ok", cluster.GetProperty("state").GetString());
        Assert.Equal(1, cluster.GetProperty("faultToleranceLeft").GetInt32());
        var members = result.Members().EnumerateArray().ToList();
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.Equal("serving", m.GetProperty("state").GetString()));
        Assert.Single(members, m => m.GetProperty("role").GetString() == "leader");
        Assert.Empty(result.Alerts());
    }

    [Fact]
    public async Task One_member_stopped_is_a_warning_naming_it_with_zero_failures_left()
    {
        using var zk = await StartAsync(3, "onedown");
        var leader = await zk.FindLeaderAsync();
        var stopped = zk.Members.First(m => m != leader);
        stopped.Stop();
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(30));

        var result = await CheckHarness.RunAsync(Config(zk), "--format", "json", "--interval", "200ms");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("warning", result.Json.GetProperty("status").GetString());
        var warning = Assert.Single(result.Alerts(), a => a.GetProperty("name").GetString() == "ZooKeeperNoFaultTolerance");
        var summary = warning.GetProperty("summary").GetString()!;
        Assert.Contains(stopped.Address.ToString(), summary, StringComparison.Ordinal);
        Assert.Contains("tolerate 0 more failures", summary, StringComparison.Ordinal);
        Assert.Equal("warning", warning.GetProperty("severity").GetString());
        Assert.Contains(result.Alerts(), a => a.GetProperty("name").GetString() == "ZooKeeperMemberDown"
            && a.GetProperty("labels").GetProperty("member").GetString() == stopped.Address.ToString());
        Assert.DoesNotContain(result.Alerts(), a => a.GetProperty("severity").GetString() == "page");
    }

    [Fact]
    public async Task Two_members_killed_at_once_is_one_quorum_lost_page_and_the_survivor_is_not_serving()
    {
        using var zk = await StartAsync(3, "twodown");
        var killed = zk.Members.Take(2).ToList();
        var survivor = zk.Members[2];
        Parallel.ForEach(killed, m => m.Kill());
        // The survivor answers with its old role until its own timeouts notice; on a loaded machine that may outlast a
        // whole check. This test is about what the check makes of a survivor that knows it has lost quorum.
        await ZooKeeperEnsemble.WaitUntilNotServingAsync(survivor, TimeSpan.FromSeconds(30));

        var result = await CheckHarness.RunAsync(Config(zk), "--format", "json", "--interval", "500ms");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("critical", result.Json.GetProperty("status").GetString());
        var page = Assert.Single(result.Alerts(), a => a.GetProperty("severity").GetString() == "page");
        Assert.Equal("ZooKeeperQuorumLost", page.GetProperty("name").GetString());
        foreach (var m in killed)
        {
            Assert.Contains(m.Address.ToString(), page.GetProperty("summary").GetString(), StringComparison.Ordinal);
        }

        var members = result.Members().EnumerateArray().ToDictionary(m => m.GetProperty("address").GetString()!);
        var s = members[survivor.Address.ToString()];
        Assert.Equal("not-serving", s.GetProperty("state").GetString());
        Assert.False(s.TryGetProperty("role", out _), "a survivor without quorum must not be reported as leader");
        Assert.All(killed, m => Assert.Equal("refused", members[m.Address.ToString()].GetProperty("state").GetString()));
        Assert.Equal("no-quorum", result.Json.GetProperty("clusters")[0].GetProperty("state").GetString());

        // One incident, rooted at the quorum loss; the killed members' own warnings ride along as symptoms.
        var incident = Assert.Single(result.Json.GetProperty("incidents").EnumerateArray());
        Assert.Equal("page", incident.GetProperty("severity").GetString());
        Assert.Equal("ZooKeeperQuorumLost", incident.GetProperty("rootCause").GetProperty("name").GetString());
        Assert.All(incident.GetProperty("symptoms").EnumerateArray(), sym => Assert.Equal("ZooKeeperMemberDown", sym.GetProperty("name").GetString()));
        Assert.All(result.Alerts().Where(a => a.GetProperty("name").GetString() == "ZooKeeperMemberDown"),
            a => Assert.Equal("ZooKeeperQuorumLost{zookeeper/zk-realtime}", a.GetProperty("causedBy").GetString()));
    }

    [Fact]
    public async Task Frozen_member_is_a_timeout_within_its_deadline()
    {
        using var zk = await StartAsync(3, "frozen");

        // A follower: a frozen leader would send the others into an election, a different (and timing-dependent) story.
        var leader = await zk.FindLeaderAsync();
        var frozen = zk.Members.First(m => m != leader);
        frozen.Freeze();
        try
        {
            // Until the leader drops the frozen follower it still counts it synced, and the monitor says MonitorCannotReach.
            await ZooKeeperEnsemble.WaitForSyncedFollowersAsync(leader!, 1, TimeSpan.FromSeconds(30));
            var deadline = TimeSpan.FromMilliseconds(600);
            var control = DeadlineControl.Start(deadline);
            var result = await CheckHarness.RunAsync(Config(zk, deadlineMs: (int)deadline.TotalMilliseconds), "--format", "json", "--interval", "200ms");
            var controlOverrun = await control.StopAsync();

            Assert.Equal(1, result.ExitCode);
            var member = result.Members().EnumerateArray().Single(m => m.GetProperty("address").GetString() == frozen.Address.ToString());
            Assert.Equal("timeout", member.GetProperty("state").GetString());
            // At its deadline, not before (exact on fake time: ProbeUnitRunnerTests); and no later than an in-process
            // unit with the same deadline, hung at the same time, was let go: a loaded machine's timer lateness is not
            // the probe's, a session or socket timeout (seconds) would be. Slack: the runner's grace plus the control's stagger.
            var probe = TimeSpan.FromMilliseconds(member.GetProperty("probeMs").GetDouble());
            var slack = TimeSpan.FromMilliseconds(250) + (deadline / 4);
            Assert.True(probe >= deadline - TimeSpan.FromMilliseconds(50), $"timed out after {probe.TotalMilliseconds:0} ms, before its {deadline.TotalMilliseconds:0} ms deadline");
            Assert.True(probe - deadline <= controlOverrun + slack,
                $"frozen probe took {probe.TotalMilliseconds:0} ms, the control at most {(deadline + controlOverrun).TotalMilliseconds:0} ms");
        }
        finally
        {
            frozen.Resume();
        }
    }

    [Fact]
    public async Task Five_member_ensemble_two_down_warns_three_down_pages()
    {
        using var zk = await StartAsync(5, "five");
        var leader = await zk.FindLeaderAsync();
        var followers = zk.Members.Where(m => m != leader).ToList();
        followers[0].Kill();
        followers[1].Kill();

        var two = await CheckHarness.RunAsync(Config(zk), "--format", "json", "--interval", "200ms");
        Assert.Equal(1, two.ExitCode);
        Assert.Contains(two.Alerts(), a => a.GetProperty("name").GetString() == "ZooKeeperNoFaultTolerance");
        Assert.DoesNotContain(two.Alerts(), a => a.GetProperty("severity").GetString() == "page");

        followers[2].Kill();
        var three = await CheckHarness.RunAsync(Config(zk), "--format", "json", "--interval", "500ms");
        Assert.Equal(2, three.ExitCode);
        Assert.Single(three.Alerts(), a => a.GetProperty("name").GetString() == "ZooKeeperQuorumLost");
    }

    [Fact]
    public async Task Text_output_leads_with_a_nagios_style_status_line()
    {
        using var zk = await StartAsync(3, "text");
        zk.Members[0].Kill();
        zk.Members[1].Kill();

        var result = await CheckHarness.RunAsync(Config(zk), "--interval", "500ms");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("CRITICAL: 1 page(s)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("PAGE     ZooKeeperQuorumLost:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  root cause: ZooKeeperQuorumLost{zookeeper/zk-realtime} firing", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[symptom of ZooKeeperQuorumLost{zookeeper/zk-realtime}]", result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
