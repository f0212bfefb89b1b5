using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Host;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.MySql.Permits;
using QuorumMonitor.MySql.Rules;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.MySql.Tests;

/// <summary>
/// Issue 15, scope 3 for MySQL, on fake time through the rule evaluator (two rounds to confirm): a server down or
/// coming back under its permit raises no <c>MySqlDown</c> (nor the hung, replication or lag warnings a restart passes
/// through) and the status names the permit; the primary down without a forced permit pages as always, naming the
/// permits held. Scope 1: the primary only with <c>force</c> and a reason, and the permit says it was forced.
/// </summary>
public sealed class MySqlPlannedRestartTests
{
    private static readonly MySqlReplicationStatus Running = new() { IoRunning = "Yes", SqlRunning = "Yes", SecondsBehindMaster = 0 };
    private static readonly MySqlReplicationStatus Connecting = new() { IoRunning = "Connecting", SqlRunning = "Yes", SecondsBehindMaster = null };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero));

    private MySqlInstanceResult Instance(string name, MySqlRole role, MySqlInstanceState state = MySqlInstanceState.Ok,
        MySqlReplicationStatus? replication = null, double? lag = null) => new()
    {
        UnitId = name,
        At = _time.GetUtcNow(),
        Duration = TimeSpan.Zero,
        Name = name,
        Role = role,
        Endpoint = $"{name}:3306",
        State = state,
        Replication = role == MySqlRole.Replica && state == MySqlInstanceState.Ok ? replication ?? Running : null,
        ReplicationChecked = state is MySqlInstanceState.Ok or MySqlInstanceState.ReadOnly,
        HeartbeatLagSeconds = lag,
    };

    private MySqlInstanceResult Primary(MySqlInstanceState state = MySqlInstanceState.Ok) => Instance("primary", MySqlRole.Primary, state);

    private MySqlInstanceResult Replica(string name, MySqlInstanceState state = MySqlInstanceState.Ok, MySqlReplicationStatus? replication = null, double? lag = null) =>
        Instance(name, MySqlRole.Replica, state, replication, lag);

    private MySqlClusterObservation Cluster(IReadOnlyList<PlannedRestart> planned, params MySqlInstanceResult[] instances) =>
        new(new ClusterRef(MySqlKind.KindName, "orders"), _time.GetUtcNow(), instances, TimeSpan.FromSeconds(30)) { PlannedRestarts = planned };

    private PlannedRestart Planned(string member, bool forced = false) =>
        new(member, 4, "ansible@db-2", "kernel upgrade", _time.GetUtcNow().AddMinutes(15), forced);

    private RuleEvaluator Evaluator() => new(MySqlRules.All(), new AlertTiming(2, TimeSpan.Zero, 2, TimeSpan.Zero), _time);

    /// <summary>Rounds one second apart; the alerts firing after them.</summary>
    private List<AlertReport> Firing(RuleEvaluator evaluator, int rounds, Func<MySqlClusterObservation> observe)
    {
        for (var r = 0; r < rounds; r++)
        {
            evaluator.Evaluate(observe());
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        return [.. evaluator.Alerts().Where(a => a.State == AlertState.Firing)];
    }

    [Fact]
    public void A_replica_down_then_catching_up_under_its_permit_raises_nothing_and_the_status_names_the_permit()
    {
        var evaluator = Evaluator();
        var planned = new[] { Planned("replica-1") };

        Assert.Empty(Firing(evaluator, 5, () => Cluster(planned, Primary(), Replica("replica-1", MySqlInstanceState.Refused), Replica("replica-2"))));
        Assert.Empty(Firing(evaluator, 3, () => Cluster(planned, Primary(), Replica("replica-1", MySqlInstanceState.HandshakeTimeout), Replica("replica-2"))));
        Assert.Empty(Firing(evaluator, 3, () => Cluster(planned, Primary(), Replica("replica-1", replication: Connecting), Replica("replica-2"))));
        Assert.Empty(Firing(evaluator, 3, () => Cluster(planned, Primary(), Replica("replica-1", lag: 400), Replica("replica-2"))));

        var report = Cluster(planned, Primary(), Replica("replica-1", MySqlInstanceState.Refused), Replica("replica-2")).ToReport();
        var member = report.Members.Single(m => m.Details["name"] as string == "replica-1");
        Assert.Equal("planned restart, permit #4 held by ansible@db-2: kernel upgrade", member.Details["plannedRestart"]);
        Assert.DoesNotContain("plannedRestart", report.Members.Single(m => m.Details["name"] as string == "replica-2").Details.Keys);
    }

    [Fact]
    public void The_same_replica_down_without_a_permit_warns()
    {
        var firing = Firing(Evaluator(), 3, () => Cluster([], Primary(), Replica("replica-1", MySqlInstanceState.Refused), Replica("replica-2")));

        Assert.Equal(Severity.Warning, Assert.Single(firing, a => a.Name == MySqlDownRule.AlertName).Severity);
    }

    [Fact]
    public void The_primary_down_while_a_replica_is_under_a_permit_pages_and_names_the_permit()
    {
        var planned = new[] { Planned("replica-1") };

        var firing = Firing(Evaluator(), 3, () => Cluster(planned, Primary(MySqlInstanceState.Refused), Replica("replica-1", MySqlInstanceState.Refused), Replica("replica-2", replication: Connecting)));

        var page = Assert.Single(firing, a => a.Name == MySqlDownRule.AlertName);
        Assert.Equal(Severity.Page, page.Severity);
        Assert.Equal("primary", page.Labels["instance"]);
        Assert.EndsWith("; replica-1: planned restart, permit #4 held by ansible@db-2: kernel upgrade", page.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_permit_that_is_not_forced_never_covers_a_primary_and_a_forced_one_does_and_says_so()
    {
        // A replica's permit, and that instance has since been promoted: its outage is the cluster's, and pages.
        var unforced = Firing(Evaluator(), 3, () => Cluster([Planned("primary")], Primary(MySqlInstanceState.Refused), Replica("replica-1", replication: Connecting)));
        Assert.Equal(Severity.Page, Assert.Single(unforced, a => a.Name == MySqlDownRule.AlertName).Severity);

        // Forced: nothing fires, not even for the replica reconnecting to it (as real replicas do, IO error 2003).
        var forced = new[] { Planned("primary", forced: true) };
        var reconnecting = new MySqlReplicationStatus { IoRunning = "Connecting", SqlRunning = "Yes", LastIoErrno = 2003, LastIoError = "Can't connect" };
        Assert.Empty(Firing(Evaluator(), 5, () => Cluster(forced, Primary(MySqlInstanceState.Refused), Replica("replica-1", replication: reconnecting))));
        var member = Cluster(forced, Primary(MySqlInstanceState.Refused), Replica("replica-1", replication: Connecting)).ToReport().Members.Single(m => m.Role == "primary");
        Assert.Equal("planned restart, forced permit #4 held by ansible@db-2: kernel upgrade", member.Details["plannedRestart"]);
    }

    [Fact]
    public void Conditions_no_restart_explains_still_fire_under_a_permit()
    {
        var firing = Firing(Evaluator(), 3, () => Cluster([Planned("replica-1")], Primary(), Replica("replica-1", MySqlInstanceState.AuthFailed), Replica("replica-2")));

        Assert.Contains(firing, a => a.Name == MySqlAuthFailedRule.AlertName);
    }

    [Fact]
    public void The_primary_is_granted_only_when_forced_and_then_only_while_every_other_instance_answers()
    {
        var judge = new MySqlPermitJudge();
        var healthy = Cluster([], Primary(), Replica("replica-1"));

        var plain = judge.Judge(healthy, "primary", [], 0, force: false);
        Assert.False(plain.Allowed);
        Assert.Contains("force", plain.Remedy, StringComparison.Ordinal);

        var forced = judge.Judge(healthy, "primary", [], 0, force: true);
        Assert.True(forced.Allowed);
        Assert.True(forced.Forced);

        var replicaDown = judge.Judge(Cluster([], Primary(), Replica("replica-1", MySqlInstanceState.Refused)), "primary", [], 0, force: true);
        Assert.False(replicaDown.Allowed);
        Assert.Contains("replica-1 is refused", replicaDown.Reason, StringComparison.Ordinal);

        // Force changes nothing for a replica: the only standby is still refused, and a granted one is not marked forced.
        Assert.False(judge.Judge(healthy, "replica-1", [], 0, force: true).Allowed);
        var replica = judge.Judge(Cluster([], Primary(), Replica("replica-1"), Replica("replica-2")), "replica-1", [], 0, force: true);
        Assert.True(replica.Allowed);
        Assert.False(replica.Forced);

        Assert.Equal(MemberRecovery.Down, judge.Recovery(Cluster([], Primary(MySqlInstanceState.ReadOnly), Replica("replica-1")), "primary"));
        Assert.Equal(MemberRecovery.Back, judge.Recovery(healthy, "primary"));
    }

    [Fact]
    public void The_broker_needs_a_reason_for_force_and_keeps_the_forced_mark_on_the_permit_and_the_planned_restart()
    {
        var config = MonitorKinds.Config.Parse(
            "monitor:\n  interval: 1s\n  deadline: 500ms\nmysql:\n  - name: orders\n    instances:\n"
            + "      - { name: primary, role: primary, connectionString: \"Server=127.0.0.1;Port=3306;User ID=monitor\" }\n"
            + "      - { name: replica-1, role: replica, connectionString: \"Server=127.0.0.1;Port=3307;User ID=monitor\" }\n");
        var broker = new PermitBroker(new InMemoryPermitStore(), [new MySqlPermitJudge()], config, _time, NullLogger<PermitBroker>.Instance);
        broker.OnEvaluated(Cluster([], Primary(), Replica("replica-1")), []);

        var noReason = broker.Request(new PermitRequest("orders", "primary", null, "ops@db-1", " ", Force: true));
        Assert.Equal(PermitOutcome.Invalid, noReason.Outcome);
        Assert.Contains("reason", noReason.Reason, StringComparison.Ordinal);

        Assert.Equal(PermitOutcome.Refused, broker.Request(new PermitRequest("orders", "primary", null, "ops@db-1", "disk swap")).Outcome);

        var granted = broker.Request(new PermitRequest("orders", "primary", null, "ops@db-1", "disk swap", Force: true));
        Assert.Equal(PermitOutcome.Granted, granted.Outcome);
        Assert.True(granted.Permit!.Forced);
        Assert.True(Assert.Single(broker.List()).Forced);
        Assert.True(Assert.Single(broker.For("orders")).Forced);
        Assert.Equal($"forced permit #{granted.Permit.Id} held by ops@db-1: disk swap", granted.Permit.ToString());
    }
}
