using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Host;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Runtime;
using QuorumMonitor.Runtime.Pipeline;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Rules;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>
/// Issue 16, scope 2, on fake time through the real evaluator and incident tracker (the test sets what each member
/// answered): a member the monitor cannot reach while the leader counts every follower synced fires only
/// <c>MonitorCannotReach</c>, never a member-down or quorum alert, and the status counts it serving; once the leader
/// counts one follower fewer it is down as before.
/// </summary>
public sealed class MonitorCannotReachOnFakeTimeTests : IDisposable
{
    private const long Epoch = 7L << 32;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;
    private readonly MonitorRuntime _runtime;
    private readonly ClusterEvaluator _evaluator;
    private readonly RuleEvaluator _rules;
    private readonly List<IncidentChange> _changes = [];

    private sealed class Changes(List<IncidentChange> into) : IIncidentListener
    {
        public void OnIncidentChanged(IncidentChange change) => into.Add(change);
    }

    public MonitorCannotReachOnFakeTimeTests()
    {
        var config = MonitorKinds.Config.Parse(
            "monitor:\n  interval: 1s\n  deadline: 500ms\n  confirmDelay: 0s\n"
            + "correlation:\n  startupHold: 0s\n"
            + "zookeeper:\n  - name: zk-realtime\n    servers: [\"127.0.0.1:2181\", \"127.0.0.1:2182\", \"127.0.0.1:2183\"]\n");
        _services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_time)
            .AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services
            .AddSingleton<IIncidentListener>(new Changes(_changes))
            .BuildServiceProvider();
        _runtime = _services.GetRequiredService<MonitorRuntime>();
        _evaluator = _services.GetRequiredService<ClusterEvaluator>();
        _rules = _services.GetRequiredService<RuleEvaluator>();
    }

    public void Dispose() => _services.Dispose();

    private string Member(int i) => _runtime.Clusters[0].Units[i].Id;

    /// <summary>
    /// One evaluation: member <paramref name="leader"/> leads and reports <paramref name="synced"/> followers; members
    /// in <paramref name="unreachable"/> refuse the monitor; <paramref name="notServing"/> answer "not serving".
    /// </summary>
    private async Task RoundAsync(int leader = 0, int? synced = 2, int[]? unreachable = null, int[]? notServing = null)
    {
        for (var i = 0; i < 3; i++)
        {
            var gone = unreachable?.Contains(i) == true;
            var idle = notServing?.Contains(i) == true;
            _runtime.Record(0, i, new ZooKeeperMemberResult
            {
                UnitId = Member(i),
                At = _time.GetUtcNow(),
                Duration = TimeSpan.FromMilliseconds(2),
                Address = new Core.Config.HostPort("127.0.0.1", 2181 + i),
                State = gone ? ZooKeeperMemberState.Refused : idle ? ZooKeeperMemberState.NotServing : ZooKeeperMemberState.Serving,
                Error = gone ? "Connection refused" : null,
                Role = gone || idle ? null : i == leader ? ZooKeeperRole.Leader : ZooKeeperRole.Follower,
                Zxid = gone || idle ? null : Epoch + 100,
                SyncedFollowers = !gone && !idle && i == leader ? synced : null,
                UptimeSeconds = gone ? null : 1000,
                LastSeenRole = i == leader ? ZooKeeperRole.Leader : ZooKeeperRole.Follower,
            });
        }

        await _evaluator.EvaluateAsync(0, CancellationToken.None);
        _time.Advance(Interval);
    }

    private async Task RoundsAsync(int count, int leader = 0, int? synced = 2, int[]? unreachable = null, int[]? notServing = null)
    {
        for (var r = 0; r < count; r++)
        {
            await RoundAsync(leader, synced, unreachable, notServing);
        }
    }

    private ClusterReport Cluster => _runtime.Report().Clusters.Single(c => c.Name == "zk-realtime");

    private IEnumerable<IncidentReport> Announced => _changes.Where(c => c.Kind != IncidentChangeKind.Resolved).Select(c => c.Incident);

    private static readonly string[] DownAlerts =
        [ZooKeeperMemberDownRule.AlertName, ZooKeeperNoFaultToleranceRule.AlertName, ZooKeeperQuorumLostRule.AlertName, OverlappingRestartsRule.AlertName];

    [Fact]
    public async Task A_follower_only_the_monitor_cannot_reach_is_a_warning_and_still_counts_as_a_serving_voter()
    {
        await RoundsAsync(3);
        await RoundsAsync(10, unreachable: [2]);

        var alert = Assert.Single(_rules.Alerts());
        Assert.Equal("MonitorCannotReach", alert.Name);
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal(Severity.Warning, alert.Severity);
        Assert.Equal(Member(2), alert.Labels["member"]);
        Assert.Contains("still counts it synced", alert.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(Announced, i => i.Severity == Severity.Page);
        Assert.DoesNotContain(Announced, i => DownAlerts.Contains(i.RootCause.Name));
        Assert.Equal(3, Cluster.Details["servingVoters"]);
        Assert.Equal(1, Cluster.Details["faultToleranceLeft"]);
    }

    [Fact]
    public async Task When_the_leader_then_counts_one_follower_fewer_the_member_is_down_as_before()
    {
        await RoundsAsync(3);
        await RoundsAsync(3, unreachable: [2]);
        await RoundsAsync(5, synced: 1, unreachable: [2]);

        var alerts = _rules.Alerts();
        Assert.Contains(alerts, a => a.Name == ZooKeeperMemberDownRule.AlertName && a.State == AlertState.Firing && a.Labels["member"] == Member(2));
        Assert.Contains(alerts, a => a.Name == ZooKeeperNoFaultToleranceRule.AlertName && a.State == AlertState.Firing);
        Assert.DoesNotContain(alerts, a => a.Name == "MonitorCannotReach" && a.State == AlertState.Firing);
        Assert.Equal(2, Cluster.Details["servingVoters"]);
    }

    [Fact]
    public async Task A_leader_only_the_monitor_cannot_reach_is_a_warning_while_its_followers_follow_and_a_page_once_they_stop()
    {
        await RoundsAsync(3);
        await RoundsAsync(10, unreachable: [0]);

        var alert = Assert.Single(_rules.Alerts());
        Assert.Equal("MonitorCannotReach", alert.Name);
        Assert.Contains("still follow it", alert.Summary, StringComparison.Ordinal);
        Assert.Equal(3, Cluster.Details["servingVoters"]);
        Assert.True((bool)Cluster.Details["hasQuorum"]!);
        Assert.DoesNotContain(Announced, i => i.Severity == Severity.Page);

        // The followers notice the leader is gone: the cluster's own view now agrees, and it is a quorum loss.
        await RoundsAsync(10, unreachable: [0], notServing: [1, 2]);

        Assert.Contains(Announced, i => i.Severity == Severity.Page && i.RootCause.Name == ZooKeeperQuorumLostRule.AlertName);
        Assert.DoesNotContain(_rules.Alerts(), a => a.Name == "MonitorCannotReach" && a.State == AlertState.Firing);
    }
}
