using System.Globalization;
using QuorumMonitor.Core.Model;
using QuorumMonitor.LiveTesting;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper.Rules;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>
/// Issue 16, must-show 2 (ZooKeeper): the monitor reaches one member of a real ensemble only through a TCP forwarder
/// of the test's own (the members talk to each other directly). Killing the forwarder breaks only the monitor's path:
/// <c>MonitorCannotReach</c>, no member-down, no quorum alert, 3 serving voters. Killing the member is down as before.
/// </summary>
public sealed class MonitorCannotReachLiveTests(EnsembleFixture fixture) : IClassFixture<EnsembleFixture>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private static readonly string[] DownAlerts =
        [ZooKeeperMemberDownRule.AlertName, ZooKeeperNoFaultToleranceRule.AlertName, ZooKeeperQuorumLostRule.AlertName];

    private static string Yaml(IEnumerable<string> servers) =>
        "monitor:\n  deadline: 2000ms\ncorrelation:\n  startupHold: 0s\nzookeeper:\n  - name: zk-vantage\n"
        + $"    servers: [{string.Join(", ", servers.Select(s => $"\"{s}\""))}]\n    sessionCheck: false\n";

    private static int Serving(StatusReport r) => Convert.ToInt32(r.Clusters.Single().Details["servingVoters"], CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_broken_path_to_one_follower_is_monitor_cannot_reach_and_the_member_killed_is_down()
    {
        using var zk = ZooKeeperEnsemble.Start(3, fixture.Ports, fixture.Directory, "vantage");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        var leader = await zk.FindLeaderAsync();
        var target = zk.Members.First(m => m != leader);
        await using var forwarder = TcpForwarder.Start(target.Address);
        using var monitor = new VantageHarness(Yaml(zk.Members.Select(m => (m == target ? forwarder.Address : m.Address).ToString())));
        var member = forwarder.Address.ToString();

        await monitor.RunUntilAsync(r => r.Clusters.Single().State == "ok", TimeSpan.FromSeconds(60), Interval, "ok through the forwarder");
        var before = monitor.Transitions.Count;

        forwarder.Kill();
        await monitor.RunUntilAsync(_ => monitor.Firing(ZooKeeperMonitorCannotReachRule.AlertName) is not null,
            TimeSpan.FromSeconds(60), Interval, "MonitorCannotReach firing");
        for (var i = 0; i < 4; i++)
        {
            await monitor.Pipeline.RunRoundAsync(CancellationToken.None);
            await Task.Delay(Interval);
        }

        var cannotReach = monitor.Firing(ZooKeeperMonitorCannotReachRule.AlertName)!;
        Assert.Equal(Severity.Warning, cannotReach.Severity);
        Assert.Equal(member, cannotReach.Labels["member"]);
        Assert.Equal("zk-vantage", cannotReach.Cluster);
        Assert.Contains("still counts it synced", cannotReach.Summary, StringComparison.Ordinal);
        var since = monitor.Transitions.Skip(before).ToList();
        Assert.DoesNotContain(since, t => DownAlerts.Contains(t.Alert.Name));
        Assert.DoesNotContain(since, t => t.Alert.Severity == Severity.Page);
        var report = monitor.Runtime.Report();
        Assert.Equal(3, Serving(report));
        Assert.True((bool)report.Clusters.Single().Details["hasQuorum"]!);
        var seen = report.Clusters.Single().Members.Single(m => m.Address == member);
        Assert.Equal("refused", seen.State);
        Assert.Contains("still counts it synced", (string)seen.Details["unreachableFromMonitor"]!, StringComparison.Ordinal);

        // The member itself dies: the leader counts one follower fewer, and it is down as before.
        target.Kill();
        report = await monitor.RunUntilAsync(_ => monitor.Firing(ZooKeeperMemberDownRule.AlertName, a => a.Labels["member"] == member) is not null,
            TimeSpan.FromSeconds(60), Interval, "ZooKeeperMemberDown firing for the killed member");
        Assert.Equal(2, Serving(report));
        Assert.NotNull(monitor.Firing(ZooKeeperNoFaultToleranceRule.AlertName));
        Assert.DoesNotContain("unreachableFromMonitor", report.Clusters.Single().Members.Single(m => m.Address == member).Details.Keys);
    }

    /// <summary>The leader behind the forwarder: its followers' view decides (they still follow it in its epoch).</summary>
    [Fact]
    public async Task A_broken_path_to_the_leader_is_monitor_cannot_reach_while_its_followers_follow_and_the_leader_killed_is_down()
    {
        using var zk = ZooKeeperEnsemble.Start(3, fixture.Ports, fixture.Directory, "vantage-leader");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        var leader = (await zk.FindLeaderAsync())!;
        await using var forwarder = TcpForwarder.Start(leader.Address);
        using var monitor = new VantageHarness(Yaml(zk.Members.Select(m => (m == leader ? forwarder.Address : m.Address).ToString())));
        var member = forwarder.Address.ToString();

        await monitor.RunUntilAsync(r => r.Clusters.Single().State == "ok", TimeSpan.FromSeconds(60), Interval, "ok through the forwarder");
        var before = monitor.Transitions.Count;

        forwarder.Kill();
        await monitor.RunUntilAsync(_ => monitor.Firing(ZooKeeperMonitorCannotReachRule.AlertName) is not null,
            TimeSpan.FromSeconds(60), Interval, "MonitorCannotReach firing for the leader");
        for (var i = 0; i < 4; i++)
        {
            await monitor.Pipeline.RunRoundAsync(CancellationToken.None);
            await Task.Delay(Interval);
        }

        var cannotReach = monitor.Firing(ZooKeeperMonitorCannotReachRule.AlertName)!;
        Assert.Equal(member, cannotReach.Labels["member"]);
        Assert.Contains("still follow it", cannotReach.Summary, StringComparison.Ordinal);
        var since = monitor.Transitions.Skip(before).ToList();
        Assert.DoesNotContain(since, t => DownAlerts.Contains(t.Alert.Name));
        Assert.DoesNotContain(since, t => t.Alert.Severity == Severity.Page);
        var report = monitor.Runtime.Report();
        Assert.Equal(3, Serving(report));
        Assert.Equal([member], (IEnumerable<string>)report.Clusters.Single().Details["leaders"]!);

        // The leader itself dies: the followers elect a new one, which counts one follower fewer.
        leader.Kill();
        report = await monitor.RunUntilAsync(_ => monitor.Firing(ZooKeeperMemberDownRule.AlertName, a => a.Labels["member"] == member) is not null,
            TimeSpan.FromSeconds(90), Interval, "ZooKeeperMemberDown firing for the killed leader");
        Assert.DoesNotContain(member, (IEnumerable<string>)report.Clusters.Single().Details["leaders"]!);
    }
}
