using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Host;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Runtime;
using QuorumMonitor.Runtime.Permits;
using QuorumMonitor.Runtime.Pipeline;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Rules;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>
/// Issue 15, scope 3, on fake time, through the real evaluator, rules, incident tracker and permit broker (no
/// sockets: the test sets what each member answered): a member down under a permit raises nothing and the status names
/// the permit; a quorum lost anyway pages and names it; unplanned restarts beside a permit, or overlapping each other,
/// raise their own warnings; a quorum loss is never followed by an overlap warning for the same members.
/// </summary>
public sealed class PlannedRestartOnFakeTimeTests : IDisposable
{
    private const long Epoch = 7L << 32;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;
    private readonly MonitorRuntime _runtime;
    private readonly ClusterEvaluator _evaluator;
    private readonly RuleEvaluator _rules;
    private readonly List<IncidentChange> _changes = [];
    private readonly double[] _uptime;

    private sealed class Changes(List<IncidentChange> into) : IIncidentListener
    {
        public void OnIncidentChanged(IncidentChange change) => into.Add(change);
    }

    public PlannedRestartOnFakeTimeTests() : this(3)
    {
    }

    private PlannedRestartOnFakeTimeTests(int members)
    {
        var servers = string.Join(", ", Enumerable.Range(0, members).Select(i => $"\"127.0.0.1:{2181 + i}\""));
        var config = MonitorKinds.Config.Parse(
            "monitor:\n  interval: 1s\n  deadline: 500ms\n  confirmDelay: 0s\n"
            + "correlation:\n  startupHold: 0s\n  commonCauseWindow: 60s\n"
            + $"zookeeper:\n  - name: zk-realtime\n    servers: [{servers}]\n");
        _services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_time)
            .AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services
            .AddPermits()
            .AddSingleton<IIncidentListener>(new Changes(_changes))
            .BuildServiceProvider();
        _runtime = _services.GetRequiredService<MonitorRuntime>();
        _evaluator = _services.GetRequiredService<ClusterEvaluator>();
        _rules = _services.GetRequiredService<RuleEvaluator>();
        Broker = _services.GetRequiredService<PermitBroker>();
        _uptime = [.. Enumerable.Repeat(1000.0, members)];
    }

    public void Dispose() => _services.Dispose();

    private PermitBroker Broker { get; }

    private string Member(int i) => _runtime.Clusters[0].Units[i].Id;

    private IEnumerable<AlertReport> Alerts(string name) => _rules.Alerts().Where(a => a.Name == name);

    /// <summary>One evaluation: members in <paramref name="down"/> refuse; the others serve (the first serving one leads).
    /// A member in <paramref name="restarted"/> serves with its uptime reset (it restarted between two probes). With
    /// <paramref name="electing"/>, the members up answer "not serving": they are electing a leader.</summary>
    private async Task RoundAsync(int[]? down = null, int[]? restarted = null, bool electing = false)
    {
        var monitor = _runtime.Clusters[0];
        var leader = Enumerable.Range(0, monitor.Units.Count).First(i => down?.Contains(i) != true);
        var serving = monitor.Units.Count - (down?.Length ?? 0);
        for (var i = 0; i < monitor.Units.Count; i++)
        {
            var isDown = down?.Contains(i) == true;
            _uptime[i] = isDown || restarted?.Contains(i) == true ? 1 : _uptime[i] + Interval.TotalSeconds;
            var hasQuorum = !electing && serving * 2 > monitor.Units.Count;
            _runtime.Record(0, i, new ZooKeeperMemberResult
            {
                UnitId = Member(i),
                At = _time.GetUtcNow(),
                Duration = TimeSpan.FromMilliseconds(2),
                Address = new Core.Config.HostPort("127.0.0.1", 2181 + i),
                State = isDown ? ZooKeeperMemberState.Refused : hasQuorum ? ZooKeeperMemberState.Serving : ZooKeeperMemberState.NotServing,
                Role = isDown || !hasQuorum ? null : i == leader ? ZooKeeperRole.Leader : ZooKeeperRole.Follower,
                Zxid = isDown || !hasQuorum ? null : Epoch + 100,
                UptimeSeconds = isDown ? null : _uptime[i],
                LastSeenRole = ZooKeeperRole.Follower,
            });
        }

        await _evaluator.EvaluateAsync(0, CancellationToken.None);
        _time.Advance(Interval);
    }

    private async Task RoundsAsync(int count, int[]? down = null, bool electing = false)
    {
        for (var r = 0; r < count; r++)
        {
            await RoundAsync(down, electing: electing);
        }
    }

    private Permit Acquire(int member)
    {
        var decision = Broker.Request(new PermitRequest("zk-realtime", Member(member), TimeSpan.FromMinutes(10), "chef@web-1", "kernel upgrade"));
        Assert.True(decision.Outcome == PermitOutcome.Granted, decision.Reason);
        return decision.Permit!;
    }

    private IEnumerable<IncidentReport> Announced => _changes.Where(c => c.Kind != IncidentChangeKind.Resolved).Select(c => c.Incident);

    [Fact]
    public async Task A_member_down_under_a_permit_raises_nothing_and_the_status_names_the_permit_until_it_is_back()
    {
        await RoundsAsync(3);
        var permit = Acquire(1);

        for (var r = 0; r < 10; r++)
        {
            await RoundAsync(down: [1]);
            Assert.Empty(_rules.Alerts());
        }

        var member = _runtime.Report().Clusters.Single(c => c.Name == "zk-realtime").Members.Single(m => m.Address == Member(1));
        Assert.Equal("refused", member.State);
        Assert.Equal($"planned restart, permit #{permit.Id} held by chef@web-1: kernel upgrade", member.Details["plannedRestart"]);

        await RoundsAsync(3);
        Assert.Equal(PermitState.Released, Broker.List().Single().State);
        Assert.Empty(_rules.Alerts());
        Assert.Empty(_changes);
        Assert.DoesNotContain("plannedRestart", _runtime.Report().Clusters.Single(c => c.Name == "zk-realtime").Members.Single(m => m.Address == Member(1)).Details.Keys);
    }

    [Fact]
    public async Task Once_the_permit_ends_a_member_still_down_is_a_member_down_again()
    {
        await RoundsAsync(3);
        var permit = Acquire(1);
        await RoundsAsync(3, down: [1]);
        Assert.Empty(_rules.Alerts());

        Broker.Release(permit.Id);
        await RoundsAsync(3, down: [1]);

        Assert.Single(Alerts(ZooKeeperMemberDownRule.AlertName), a => a.State == AlertState.Firing && a.Labels["member"] == Member(1));
        Assert.Contains(Announced, i => i.RootCause.Name == ZooKeeperNoFaultToleranceRule.AlertName || i.RootCause.Name == ZooKeeperMemberDownRule.AlertName);
    }

    /// <summary>
    /// ZooKeeper has no leader hand-off: restarting the leader under a permit always costs an election. While the
    /// other voters are up and a quorum, that is no outage yet; it pages only once it outlasts <c>electionGrace</c>.
    /// </summary>
    [Fact]
    public async Task The_election_after_a_planned_leader_restart_pages_only_if_it_outlasts_the_election_grace()
    {
        await RoundsAsync(3);
        var permit = Acquire(0); // the leader
        await RoundsAsync(5, down: [0], electing: true); // 5 s of election: within the 10 s default grace

        Assert.DoesNotContain(_rules.Alerts(), a => a.Name == ZooKeeperQuorumLostRule.AlertName && a.State == AlertState.Firing);
        Assert.Empty(Announced);

        await RoundsAsync(2, down: [0]); // a new leader: the member is still down under its permit
        Assert.Empty(_rules.Alerts());

        await RoundsAsync(12, down: [0], electing: true); // an election that does not end
        var page = Assert.Single(Announced.Where(i => i.Severity == Severity.Page).DistinctBy(i => i.Id));
        Assert.Equal(ZooKeeperQuorumLostRule.AlertName, page.RootCause.Name);
        Assert.Contains($"permit #{permit.Id}", page.RootCause.Summary, StringComparison.Ordinal);
        Assert.Contains("electing a new leader (longer than electionGrace 10s)", page.RootCause.Summary, StringComparison.Ordinal);
        var alert = Assert.Single(Alerts(ZooKeeperQuorumLostRule.AlertName));
        Assert.True(alert.FiringSince - alert.ActiveSince >= TimeSpan.FromSeconds(10), $"fired {alert.FiringSince - alert.ActiveSince} after it became active");
    }

    [Fact]
    public async Task An_election_with_a_voter_down_without_a_permit_pages_at_once()
    {
        await RoundsAsync(3);
        Acquire(0);
        await RoundAsync(down: [0], electing: true);
        await RoundsAsync(2, down: [0, 2], electing: true); // the second voter down is no election: quorum is gone

        var page = Assert.Single(Announced.Where(i => i.Severity == Severity.Page).DistinctBy(i => i.Id));
        Assert.Equal(ZooKeeperQuorumLostRule.AlertName, page.RootCause.Name);
        Assert.DoesNotContain("electing", page.RootCause.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quorum_lost_while_a_permit_is_held_pages_and_names_the_permit()
    {
        await RoundsAsync(3);
        var permit = Acquire(1);
        await RoundsAsync(3, down: [1]);
        await RoundsAsync(3, down: [1, 2]);

        var page = Assert.Single(Announced.Where(i => i.Severity == Severity.Page).DistinctBy(i => i.Id));
        Assert.Equal(ZooKeeperQuorumLostRule.AlertName, page.RootCause.Name);
        var named = $"{Member(1)}: planned restart, permit #{permit.Id} held by chef@web-1: kernel upgrade";
        Assert.Contains(named, page.RootCause.Summary, StringComparison.Ordinal);
        Assert.Contains(page.Timeline, e => e.Kind == "opened" && e.Text.Contains(named, StringComparison.Ordinal));
        Assert.DoesNotContain(_rules.Alerts(), a => a.Name == ZooKeeperMemberDownRule.AlertName && a.Labels["member"] == Member(1));
    }

    [Fact]
    public async Task A_member_restarting_without_a_permit_beside_a_planned_restart_raises_RestartWithoutPermit()
    {
        await RoundsAsync(3);
        var permit = Acquire(1);
        await RoundsAsync(2, down: [1]);
        await RoundAsync(down: [1], restarted: [2]);
        await RoundsAsync(3, down: [1]);

        var alert = Assert.Single(Alerts(RestartWithoutPermitRule.AlertName));
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal(Severity.Warning, alert.Severity);
        Assert.Equal(Member(2), alert.Labels["member"]);
        Assert.Contains($"{Member(2)} of zk-realtime restarted", alert.Summary, StringComparison.Ordinal);
        Assert.Contains($"permit #{permit.Id} held by chef@web-1: kernel upgrade ({Member(1)})", alert.Summary, StringComparison.Ordinal);
        var incident = Assert.Single(Announced.DistinctBy(i => i.Id));
        Assert.Equal(RestartWithoutPermitRule.AlertName, incident.RootCause.Name);
        Assert.Equal(Severity.Warning, incident.Severity);
        Assert.Empty(Alerts(OverlappingRestartsRule.AlertName));
    }

    [Fact]
    public async Task Two_members_restarted_5s_apart_without_permits_while_quorum_held_raise_one_OverlappingRestarts_warning()
    {
        await RoundsAsync(3);
        await RoundsAsync(2, down: [1]);
        await RoundsAsync(3);
        await RoundsAsync(2, down: [2]);
        await RoundsAsync(3);

        var alert = Assert.Single(Alerts(OverlappingRestartsRule.AlertName));
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Contains($"2 of 3 members of ZooKeeper ensemble zk-realtime restarted without permits within 5 s ({Member(1)}, {Member(2)})",
            alert.Summary, StringComparison.Ordinal);
        Assert.Single(Announced.Where(i => i.RootCause.Name == OverlappingRestartsRule.AlertName).DistinctBy(i => i.Id));
        Assert.DoesNotContain(Announced, i => i.Severity == Severity.Page);

        // Once the window has passed since the second restart, the warning resolves.
        await RoundsAsync(62);
        Assert.All(Alerts(OverlappingRestartsRule.AlertName), a => Assert.Equal(AlertState.Resolved, a.State));
        Assert.Empty(Alerts(RestartWithoutPermitRule.AlertName));
    }

    [Fact]
    public async Task Restarts_under_permits_one_after_another_never_count_as_overlapping()
    {
        await RoundsAsync(3);
        for (var m = 0; m < 3; m++)
        {
            Acquire(m);
            await RoundsAsync(2, down: [m]);
            await RoundsAsync(2);
            Assert.DoesNotContain(Broker.List(), p => p.IsHeld);
        }

        Assert.Empty(_rules.Alerts());
        Assert.Empty(_changes);
    }

    [Fact]
    public async Task Two_members_down_together_page_the_quorum_loss_and_raise_no_overlap_when_they_return()
    {
        await RoundsAsync(3);
        await RoundsAsync(3, down: [1, 2]);
        await RoundsAsync(5);

        Assert.Single(Announced.Where(i => i.Severity == Severity.Page).DistinctBy(i => i.Id));
        Assert.Empty(Alerts(OverlappingRestartsRule.AlertName));
        Assert.Empty(Alerts(RestartWithoutPermitRule.AlertName));
    }

    [Fact]
    public async Task A_permit_held_while_its_member_still_serves_hides_no_lost_fault_tolerance_elsewhere()
    {
        using var five = new PlannedRestartOnFakeTimeTests(5);
        await five.RoundsAsync(3);
        five.Acquire(1);
        // Two members down without permits, the permitted one still serving: 3 of 5, no tolerance left.
        await five.RoundsAsync(3, down: [3, 4]);

        Assert.Single(five.Alerts(ZooKeeperNoFaultToleranceRule.AlertName), a => a.State == AlertState.Firing);
        Assert.Equal(2, five.Alerts(ZooKeeperMemberDownRule.AlertName).Count(a => a.State == AlertState.Firing));
        Assert.Equal(2, five.Alerts(RestartWithoutPermitRule.AlertName).Count(a => a.State == AlertState.Firing));
    }
}
