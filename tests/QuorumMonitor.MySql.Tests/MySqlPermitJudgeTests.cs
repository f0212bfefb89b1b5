using QuorumMonitor.MySql;
using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.MySql.Permits;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.MySql.Tests;

/// <summary>
/// Issue 15, scope 1 (must-show 3, the MySQL half, on hand-built instance answers): a replica's permit is refused
/// when it is the only healthy standby, the primary's always; it is back once it is a healthy standby again.
/// </summary>
public class MySqlPermitJudgeTests
{
    private static readonly MySqlReplicationStatus Running = new() { IoRunning = "Yes", SqlRunning = "Yes", SecondsBehindMaster = 0 };
    private static readonly MySqlReplicationStatus Stopped = new() { IoRunning = "No", SqlRunning = "Yes", SecondsBehindMaster = null };
    private readonly MySqlPermitJudge _judge = new();

    private static MySqlInstanceResult Instance(string name, MySqlRole role, MySqlInstanceState state = MySqlInstanceState.Ok, MySqlReplicationStatus? replication = null) => new()
    {
        UnitId = name,
        At = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.Zero,
        Name = name,
        Role = role,
        Endpoint = $"{name}:3306",
        State = state,
        Replication = role == MySqlRole.Replica && state == MySqlInstanceState.Ok ? replication ?? Running : null,
        ReplicationChecked = state is MySqlInstanceState.Ok or MySqlInstanceState.ReadOnly,
    };

    private static MySqlClusterObservation Cluster(params MySqlInstanceResult[] instances) =>
        new(new ClusterRef(MySqlKind.KindName, "orders"), DateTimeOffset.UnixEpoch, instances, TimeSpan.FromSeconds(30));

    [Fact]
    public void A_replica_is_refused_when_it_is_the_only_healthy_standby()
    {
        var o = Cluster(Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica), Instance("replica-2", MySqlRole.Replica, replication: Stopped));

        var verdict = _judge.Judge(o, "replica-1", [], 0);

        Assert.False(verdict.Allowed);
        Assert.Equal("replica-1 is orders's only healthy standby: with it down no instance could take over from the primary", verdict.Reason);
        // The other replica answers but does not replicate: it is no standby, and may go (replica-1 remains).
        Assert.True(_judge.Judge(o, "replica-2", [], 0).Allowed);
    }

    [Fact]
    public void A_cluster_that_requires_no_standby_lets_its_only_standby_go_and_one_that_requires_two_keeps_them()
    {
        MySqlInstanceResult[] instances = [Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica), Instance("replica-2", MySqlRole.Replica, replication: Stopped)];

        Assert.True(_judge.Judge(Cluster(instances) with { MinStandbys = 0 }, "replica-1", [], 0).Allowed);
        Assert.False(_judge.Judge(Cluster(instances) with { MinStandbys = 0 }, "replica-1", [], 1).Allowed);

        var two = Cluster(Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica), Instance("replica-2", MySqlRole.Replica)) with { MinStandbys = 2 };
        var refused = _judge.Judge(two, "replica-1", [], 0);
        Assert.False(refused.Allowed);
        Assert.Equal("with replica-1 down orders would keep 1 healthy standby(s) (replica-2); minStandbys 2 + permits.minFaultToleranceAfter 0 ask for 2", refused.Reason);
    }

    [Fact]
    public void The_config_reads_min_standbys_with_a_default_of_one_and_names_the_field_when_out_of_range()
    {
        static string Yaml(string extra) => "mysql:\n  - name: orders\n" + extra + "    instances:\n      - {name: primary, role: primary, connectionString: \"Server=127.0.0.1;Port=3306;User ID=monitor\"}\n";

        Assert.Equal(1, QuorumMonitor.Host.MonitorKinds.Config.Parse(Yaml("")).MySql[0].MinStandbys);
        Assert.Equal(0, QuorumMonitor.Host.MonitorKinds.Config.Parse(Yaml("    minStandbys: 0\n")).MySql[0].MinStandbys);
        var error = Assert.ThrowsAny<Exception>(() => QuorumMonitor.Host.MonitorKinds.Config.Parse(Yaml("    minStandbys: -1\n")));
        Assert.Contains("mysql[0].minStandbys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_two_healthy_standbys_one_may_go_unless_the_margin_asks_for_more()
    {
        var o = Cluster(Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica), Instance("replica-2", MySqlRole.Replica));

        Assert.True(_judge.Judge(o, "replica-1", [], 0).Allowed);
        Assert.False(_judge.Judge(o, "replica-1", [], 1).Allowed);
    }

    [Fact]
    public void The_primary_never_gets_a_permit_and_another_permit_or_a_down_instance_refuses()
    {
        var o = Cluster(Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica), Instance("replica-2", MySqlRole.Replica));
        var primary = _judge.Judge(o, "primary", [], 0);
        Assert.False(primary.Allowed);
        Assert.Contains("fail over", primary.Remedy, StringComparison.Ordinal);

        var held = new Permit
        {
            Id = 9, Kind = MySqlKind.KindName, Cluster = "orders", Member = "replica-2", Holder = "ansible@db-2", Reason = "patching",
            GrantedAt = DateTimeOffset.UnixEpoch, ExpiresAt = DateTimeOffset.UnixEpoch.AddMinutes(15),
        };
        Assert.Contains("replica-2 is under permit #9 held by ansible@db-2: patching", _judge.Judge(o, "replica-1", [held], 0).Reason, StringComparison.Ordinal);

        var down = Cluster(Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica), Instance("replica-2", MySqlRole.Replica), Instance("replica-3", MySqlRole.Replica, MySqlInstanceState.Refused));
        Assert.Contains("replica-3 is refused", _judge.Judge(down, "replica-1", [], 0).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replica_is_back_once_it_is_a_healthy_standby_again()
    {
        Assert.Equal("replica-1", _judge.FindMember(Cluster(Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica)), "REPLICA-1"));
        Assert.Equal(MemberRecovery.Down, _judge.Recovery(Cluster(Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica, MySqlInstanceState.Refused)), "replica-1"));
        Assert.Equal(MemberRecovery.Down, _judge.Recovery(Cluster(Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica, replication: Stopped)), "replica-1"));
        Assert.Equal(MemberRecovery.Back, _judge.Recovery(Cluster(Instance("primary", MySqlRole.Primary), Instance("replica-1", MySqlRole.Replica)), "replica-1"));
    }
}
