using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.MySql.Rules;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.MySql.Tests;

/// <summary>
/// Issue 16, scope 2 (MySQL): a primary the monitor cannot reach is judged by its replicas, as orchestrator's
/// DeadMaster analysis does: still replicating with a current lag, it is alive (<c>MonitorCannotReach</c>, no
/// <c>MySqlDown</c>); their IO threads connecting or failing confirm it down, and the page says by how many.
/// </summary>
public class MonitorCannotReachPrimaryTests
{
    private static readonly MySqlReplicationStatus Replicating = new() { IoRunning = "Yes", SqlRunning = "Yes", SecondsBehindMaster = 0 };

    private static readonly MySqlReplicationStatus Connecting = new()
    {
        IoRunning = "Connecting", SqlRunning = "Yes", LastIoErrno = 2003, LastIoError = "Can't connect to server on '127.0.0.1' (111)",
    };

    private static MySqlInstanceResult Instance(string name, MySqlRole role, MySqlInstanceState state, MySqlReplicationStatus? replication = null, double? heartbeatLag = null) => new()
    {
        UnitId = name,
        At = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.Zero,
        Name = name,
        Role = role,
        Endpoint = $"{name}:3306",
        State = state,
        Error = state == MySqlInstanceState.Refused ? "connection refused" : null,
        Replication = replication,
        ReplicationChecked = state is MySqlInstanceState.Ok or MySqlInstanceState.ReadOnly,
        HeartbeatLagSeconds = heartbeatLag,
    };

    private static MySqlInstanceResult Primary(MySqlInstanceState state = MySqlInstanceState.Refused) => Instance("primary", MySqlRole.Primary, state);

    private static MySqlInstanceResult Replica(string name, MySqlReplicationStatus replication, double? heartbeatLag = null) =>
        Instance(name, MySqlRole.Replica, MySqlInstanceState.Ok, replication, heartbeatLag);

    private static MySqlClusterObservation Cluster(params MySqlInstanceResult[] instances) =>
        new(new ClusterRef(MySqlKind.KindName, "metrics-db"), DateTimeOffset.UnixEpoch, instances, TimeSpan.FromSeconds(30));

    private static List<AlertCandidate> Evaluate(MySqlClusterObservation c) => MySqlRules.All().SelectMany(r => r.Evaluate(c)).ToList();

    [Theory]
    [InlineData(MySqlInstanceState.Refused)]
    [InlineData(MySqlInstanceState.Unreachable)]
    public void A_primary_its_replicas_still_replicate_from_is_a_warning_not_a_page(MySqlInstanceState state)
    {
        var c = Cluster(Primary(state), Replica("replica-1", Replicating, heartbeatLag: 0.4), Replica("replica-2", Replicating));

        Assert.True(c.ReplicaView.PrimaryUnreachableFromMonitor);
        Assert.Equal("degraded", c.StateName);
        var alerts = Evaluate(c);
        var alert = Assert.Single(alerts);
        Assert.Equal("MonitorCannotReach", alert.Name);
        Assert.Equal(MySqlMonitorCannotReachRule.AlertName, alert.Name);
        Assert.Equal(Severity.Warning, alert.Severity);
        Assert.Equal("primary", alert.Labels["instance"]);
        Assert.Contains("still replicate from it: replica-1 (IO thread Yes, 0.4 s behind), replica-2 (IO thread Yes, 0 s behind)", alert.Summary, StringComparison.Ordinal);
        Assert.Contains("replica-1, replica-2 still replicate from it", (string)c.ToReport().Members[0].Details["unreachableFromMonitor"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Replicas_whose_io_thread_is_connecting_confirm_the_primary_down_and_the_page_says_so()
    {
        var c = Cluster(Primary(), Replica("replica-1", Connecting), Replica("replica-2", Connecting with { IoRunning = "No", LastIoErrno = 2013 }));

        var page = Assert.Single(Evaluate(c), a => a.Severity == Severity.Page);
        Assert.Equal(MySqlDownRule.AlertName, page.Name);
        Assert.Contains("confirmed by 2 replica(s) (replica-1: IO thread Connecting, error 2003; replica-2: IO thread No, error 2013)", page.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(Evaluate(c), a => a.Name == MySqlMonitorCannotReachRule.AlertName);
        Assert.Equal(["replica-1", "replica-2"], (List<string>)c.ToReport().Details["primaryConfirmedDownBy"]!);
        Assert.Equal("primary-down", c.StateName);
    }

    [Fact]
    public void One_replica_confirming_outweighs_one_still_replicating()
    {
        var c = Cluster(Primary(), Replica("replica-1", Replicating), Replica("replica-2", Connecting));

        Assert.False(c.ReplicaView.PrimaryUnreachableFromMonitor);
        var page = Assert.Single(Evaluate(c), a => a.Severity == Severity.Page);
        Assert.Contains("confirmed by 1 replica(s) (replica-2: IO thread Connecting, error 2003)", page.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replica_whose_lag_is_not_current_does_not_vouch()
    {
        var c = Cluster(Primary(), Replica("replica-1", Replicating, heartbeatLag: 90));

        var page = Assert.Single(Evaluate(c), a => a.Severity == Severity.Page);
        Assert.Equal(MySqlDownRule.AlertName, page.Name);
        Assert.Contains("not confirmed by any replica", page.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replica_stopped_by_hand_neither_vouches_nor_confirms()
    {
        var c = Cluster(Primary(), Replica("replica-1", new MySqlReplicationStatus { IoRunning = "No", SqlRunning = "No" }));

        Assert.Empty(c.ReplicaView.Vouching);
        Assert.Empty(c.ReplicaView.Confirming);
        Assert.Contains(Evaluate(c), a => a.Name == MySqlDownRule.AlertName && a.Severity == Severity.Page);
    }

    [Fact]
    public void A_hung_primary_is_the_monitors_own_view_and_pages_even_while_replicas_still_say_yes()
    {
        var c = Cluster(Primary(MySqlInstanceState.HandshakeTimeout), Replica("replica-1", Replicating));

        Assert.False(c.ReplicaView.PrimaryUnreachableFromMonitor);
        Assert.Contains(Evaluate(c), a => a.Name == MySqlHungRule.AlertName && a.Severity == Severity.Page);
    }

    [Fact]
    public void Without_a_replica_the_monitor_reaches_the_primary_is_down_as_before()
    {
        var c = Cluster(Primary(), Instance("replica-1", MySqlRole.Replica, MySqlInstanceState.Refused));

        Assert.Contains(Evaluate(c), a => a.Name == MySqlDownRule.AlertName && a.Labels["instance"] == "primary" && a.Severity == Severity.Page);
        Assert.Contains(Evaluate(c), a => a.Name == MySqlDownRule.AlertName && a.Labels["instance"] == "replica-1" && a.Severity == Severity.Warning);
    }
}
