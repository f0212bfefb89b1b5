using QuorumMonitor.MySql.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.MySql.Rules;
using QuorumMonitor.MySql;

namespace QuorumMonitor.MySql.Tests;

public class MySqlRulesTests
{
    private static readonly MySqlReplicationStatus Running = new() { IoRunning = "Yes", SqlRunning = "Yes", SecondsBehindMaster = 0 };

    private static MySqlInstanceResult Instance(string name, MySqlRole role, MySqlInstanceState state = MySqlInstanceState.Ok,
        MySqlReplicationStatus? replication = null, double? heartbeatLag = null) => new()
    {
        UnitId = name,
        At = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.Zero,
        Name = name,
        Role = role,
        Endpoint = $"{name}:3306",
        State = state,
        Replication = replication,
        ReplicationChecked = state is MySqlInstanceState.Ok or MySqlInstanceState.ReadOnly,
        HeartbeatLagSeconds = heartbeatLag,
    };

    private static MySqlInstanceResult Primary(MySqlInstanceState state = MySqlInstanceState.Ok) => Instance("primary", MySqlRole.Primary, state);

    private static MySqlInstanceResult Replica(string name = "replica-1", MySqlInstanceState state = MySqlInstanceState.Ok,
        MySqlReplicationStatus? replication = null, double? heartbeatLag = null) =>
        Instance(name, MySqlRole.Replica, state, replication ?? (state == MySqlInstanceState.Ok ? Running : null), heartbeatLag);

    private static List<AlertCandidate> Evaluate(params MySqlInstanceResult[] instances)
    {
        var c = new MySqlClusterObservation(new ClusterRef(MySqlKind.KindName, "metrics-db"), DateTimeOffset.UnixEpoch, instances, TimeSpan.FromSeconds(30));
        return MySqlRules.All().SelectMany(r => r.Evaluate(c)).ToList();
    }

    [Fact]
    public void Healthy_primary_and_replica_raise_nothing() => Assert.Empty(Evaluate(Primary(), Replica()));

    [Theory]
    [InlineData(MySqlInstanceState.HandshakeTimeout, MySqlHungRule.AlertName)]
    [InlineData(MySqlInstanceState.QueryTimeout, MySqlHungRule.AlertName)]
    [InlineData(MySqlInstanceState.AuthFailed, MySqlAuthFailedRule.AlertName)]
    [InlineData(MySqlInstanceState.TooManyConnections, MySqlTooManyConnectionsRule.AlertName)]
    public void Primary_outage_pages_with_one_alert_per_kind(MySqlInstanceState state, string alert)
    {
        var alerts = Evaluate(Primary(state), Replica());

        var page = Assert.Single(alerts);
        Assert.Equal(alert, page.Name);
        Assert.Equal(Severity.Page, page.Severity);
        Assert.Equal("primary", page.Labels["instance"]);
        if (state != MySqlInstanceState.AuthFailed)
        {
            Assert.Contains("healthy standby: replica-1", page.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Hung_replica_warns_and_leaves_no_healthy_standby_but_auth_failure_pages_on_any_instance()
    {
        var hung = Evaluate(Primary(), Replica(state: MySqlInstanceState.HandshakeTimeout));
        Assert.Equal(Severity.Warning, Assert.Single(hung, a => a.Name == MySqlHungRule.AlertName).Severity);
        Assert.Contains(hung, a => a.Name == MySqlNoHealthyStandbyRule.AlertName);
        Assert.DoesNotContain(hung, a => a.Severity == Severity.Page);

        var blind = Evaluate(Primary(), Replica(state: MySqlInstanceState.AuthFailed));
        Assert.Equal(Severity.Page, Assert.Single(blind, a => a.Name == MySqlAuthFailedRule.AlertName).Severity);
    }

    [Fact]
    public void Stopped_sql_thread_is_broken_replication_with_its_last_error()
    {
        var stopped = Running with { SqlRunning = "No", SecondsBehindMaster = null, LastSqlErrno = 1062, LastSqlError = "Duplicate entry '1'" };

        var alerts = Evaluate(Primary(), Replica(replication: stopped));

        var broken = Assert.Single(alerts, a => a.Name == MySqlReplicationBrokenRule.AlertName);
        Assert.Equal(Severity.Warning, broken.Severity);
        Assert.Contains("SQL thread No", broken.Summary, StringComparison.Ordinal);
        Assert.Contains("1062", broken.Summary, StringComparison.Ordinal);
        Assert.Contains(alerts, a => a.Name == MySqlNoHealthyStandbyRule.AlertName);
    }

    [Fact]
    public void Lag_over_the_threshold_warns_preferring_the_heartbeat_and_one_good_replica_is_a_standby()
    {
        var alerts = Evaluate(Primary(), Replica("replica-1", heartbeatLag: 45.5), Replica("replica-2"));

        var lag = Assert.Single(alerts, a => a.Name == MySqlReplicationLagRule.AlertName);
        Assert.Contains("45.5 s behind", lag.Summary, StringComparison.Ordinal);
        Assert.Contains("heartbeat", lag.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(alerts, a => a.Name == MySqlNoHealthyStandbyRule.AlertName);
    }

    [Fact]
    public void No_healthy_standby_names_why_for_each_replica_and_is_silent_without_replicas()
    {
        var alerts = Evaluate(Primary(), Replica("replica-1", state: MySqlInstanceState.Refused), Replica("replica-2", heartbeatLag: 90));

        var standby = Assert.Single(alerts, a => a.Name == MySqlNoHealthyStandbyRule.AlertName);
        Assert.Contains("replica-1 is down (connection refused)", standby.Summary, StringComparison.Ordinal);
        Assert.Contains("replica-2 is 90 s behind", standby.Summary, StringComparison.Ordinal);

        Assert.Empty(Evaluate(Primary()));
    }

    [Fact]
    public void Read_only_primary_is_a_warning()
    {
        var alert = Assert.Single(Evaluate(Primary(MySqlInstanceState.ReadOnly), Replica()));

        Assert.Equal(MySqlPrimaryReadOnlyRule.AlertName, alert.Name);
        Assert.Equal(Severity.Warning, alert.Severity);
    }
}
