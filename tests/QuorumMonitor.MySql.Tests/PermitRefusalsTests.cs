using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Host;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.MySql.Permits;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.MySql.Tests;

/// <summary>
/// Issue 15, scope 6: the broker keeps the latest refusals (time, cluster, member, holder, reason, why not), newest
/// last and bounded, and reports them with the permits held, as the status shows them.
/// </summary>
public sealed class PermitRefusalsTests
{
    private static readonly MySqlReplicationStatus Running = new() { IoRunning = "Yes", SqlRunning = "Yes", SecondsBehindMaster = 0 };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero));
    private readonly PermitBroker _broker;

    public PermitRefusalsTests()
    {
        var config = MonitorKinds.Config.Parse(
            "monitor:\n  interval: 1s\n  deadline: 500ms\nmysql:\n  - name: orders\n    instances:\n"
            + "      - { name: primary, role: primary, connectionString: \"Server=127.0.0.1;Port=3306;User ID=monitor\" }\n"
            + "      - { name: replica-1, role: replica, connectionString: \"Server=127.0.0.1;Port=3307;User ID=monitor\" }\n"
            + "      - { name: replica-2, role: replica, connectionString: \"Server=127.0.0.1;Port=3308;User ID=monitor\" }\n");
        _broker = new PermitBroker(new InMemoryPermitStore(), [new MySqlPermitJudge()], config, _time, NullLogger<PermitBroker>.Instance);
        _broker.OnEvaluated(new MySqlClusterObservation(new ClusterRef(MySqlKind.KindName, "orders"), _time.GetUtcNow(),
            [Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica), Instance("replica-2", MySqlRole.Replica)], TimeSpan.FromSeconds(30)), []);
    }

    private MySqlInstanceResult Instance(string name, MySqlRole role) => new()
    {
        UnitId = name, At = _time.GetUtcNow(), Duration = TimeSpan.Zero, Name = name, Role = role, Endpoint = $"{name}:3306",
        State = MySqlInstanceState.Ok, Replication = role == MySqlRole.Replica ? Running : null, ReplicationChecked = true,
    };

    [Fact]
    public void A_refusal_is_kept_with_who_asked_for_what_and_why_not_beside_the_permits_held()
    {
        var granted = _broker.Request(new PermitRequest("orders", "replica-1", null, "ansible@db-1", "patching"));
        Assert.Equal(PermitOutcome.Granted, granted.Outcome);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(PermitOutcome.Refused, _broker.Request(new PermitRequest("orders", "replica-2", null, "ansible@db-2", "patching")).Outcome);
        // Not refusals the cluster's state decided: unknown names and invalid requests are answered, not kept.
        Assert.Equal(PermitOutcome.NotFound, _broker.Request(new PermitRequest("orders", "replica-9", null, "ansible@db-2", "patching")).Outcome);
        Assert.Equal(PermitOutcome.Invalid, _broker.Request(new PermitRequest("orders", "primary", null, "ansible@db-2", "", Force: true)).Outcome);

        var report = _broker.Report();

        var held = Assert.Single(report.Held);
        Assert.Equal((granted.Permit!.Id, "orders", "replica-1", "ansible@db-1", "patching", false), (held.Id, held.Cluster, held.Member, held.Holder, held.Reason, held.Forced));
        var refused = Assert.Single(report.Refused);
        Assert.Equal(_time.GetUtcNow(), refused.At);
        Assert.Equal(("orders", "replica-2", "ansible@db-2", "patching"), (refused.Cluster, refused.Member, refused.Holder, refused.Reason));
        Assert.Equal($"orders cannot lose replica-2 now: replica-1 is under permit #{held.Id} held by ansible@db-1: patching", refused.Refusal);
        Assert.Equal(report.Refused, _broker.RecentRefusals());
    }

    [Fact]
    public void The_refusals_kept_are_the_latest_and_bounded()
    {
        Assert.Equal(PermitOutcome.Granted, _broker.Request(new PermitRequest("orders", "replica-1", null, "ansible@db-1", "patching")).Outcome);
        for (var i = 0; i < PermitBroker.RecentRefusalsKept + 5; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            Assert.Equal(PermitOutcome.Refused, _broker.Request(new PermitRequest("orders", "replica-2", null, $"try-{i}", "patching")).Outcome);
        }

        var refused = _broker.RecentRefusals();
        Assert.Equal(PermitBroker.RecentRefusalsKept, refused.Count);
        Assert.Equal("try-5", refused[0].Holder);
        Assert.Equal($"try-{PermitBroker.RecentRefusalsKept + 4}", refused[^1].Holder);
    }
}
