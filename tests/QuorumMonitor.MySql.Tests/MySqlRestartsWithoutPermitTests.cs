using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Incidents;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.MySql.Rules;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.MySql.Tests;

/// <summary>
/// Issue 15 scope 3 for MySQL instances, through the common-cause detector as the pipeline runs it: a replica down
/// without a permit while another is under one warns <c>RestartWithoutPermit</c>; two replicas restarted without
/// permits seconds apart while the primary answers warn <c>OverlappingRestarts</c>.
/// </summary>
public sealed class MySqlRestartsWithoutPermitTests
{
    private static readonly MySqlReplicationStatus Running = new() { IoRunning = "Yes", SqlRunning = "Yes", SecondsBehindMaster = 0 };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero));
    private readonly CommonCauseDetector _detector = new(new CorrelationOptions());
    private readonly RuleEvaluator _rules;

    public MySqlRestartsWithoutPermitTests() =>
        _rules = new RuleEvaluator(MySqlRules.All(), new AlertTiming(2, TimeSpan.Zero, 2, TimeSpan.Zero), _time);

    private MySqlInstanceResult Instance(string name, MySqlRole role, bool down) => new()
    {
        UnitId = name,
        At = _time.GetUtcNow(),
        Duration = TimeSpan.FromMilliseconds(3),
        Name = name,
        Endpoint = $"{name}:3306",
        Role = role,
        State = down ? MySqlInstanceState.Refused : MySqlInstanceState.Ok,
        Replication = role == MySqlRole.Replica && !down ? Running : null,
        ReplicationChecked = !down,
    };

    private void Rounds(int rounds, IReadOnlyList<PlannedRestart> planned, params string[] down)
    {
        for (var r = 0; r < rounds; r++)
        {
            var at = _time.GetUtcNow();
            var o = new MySqlClusterObservation(new ClusterRef(MySqlKind.KindName, "orders"), at,
                [Instance("primary", MySqlRole.Primary, false), Instance("replica-1", MySqlRole.Replica, down.Contains("replica-1")),
                 Instance("replica-2", MySqlRole.Replica, down.Contains("replica-2")), Instance("replica-3", MySqlRole.Replica, down.Contains("replica-3"))],
                TimeSpan.FromSeconds(30))
            {
                PlannedRestarts = planned,
            };
            _detector.Observe(o.Cluster, o.MemberStatuses(), at, planned);
            _rules.Evaluate(o with { UnplannedChanges = _detector.Unplanned(o.Cluster, at) });
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private List<AlertReport> Firing(string name) => [.. _rules.Alerts().Where(a => a.Name == name && a.State == AlertState.Firing)];

    [Fact]
    public void A_replica_down_without_a_permit_while_another_is_under_one_warns_naming_it()
    {
        Rounds(3, []);
        var planned = new[] { new PlannedRestart("replica-1", 4, "ansible@db-1", "kernel upgrade", _time.GetUtcNow().AddMinutes(15)) };
        Rounds(3, planned, "replica-1");
        Rounds(3, planned, "replica-1", "replica-2");

        var warning = Assert.Single(Firing(MySqlRestartWithoutPermitRule.AlertName));
        Assert.Equal("replica-2", warning.Labels["member"]);
        Assert.Contains("MySQL instance replica-2 of orders went down", warning.Summary, StringComparison.Ordinal);
        Assert.Contains("permit #4 held by ansible@db-1: kernel upgrade (replica-1)", warning.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_replicas_restarted_without_permits_seconds_apart_warn_overlapping_while_the_primary_answers()
    {
        Rounds(3, []);
        Rounds(3, [], "replica-1");
        Rounds(2, []);
        Rounds(3, [], "replica-2");
        Rounds(3, []);

        var warning = Assert.Single(Firing(MySqlOverlappingRestartsRule.AlertName));
        Assert.Contains("2 of 4 instances of MySQL cluster orders failed or restarted without permits within 5 s (replica-1, replica-2); the primary answers", warning.Summary, StringComparison.Ordinal);
    }
}
