using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>Observers never vote, whether they answer, are declared, or were seen as observers before going down.</summary>
public class ZooKeeperObserverModelTests
{
    private static readonly ClusterRef Cluster = new(ZooKeeperKind.KindName, "zk");

    private static ZooKeeperMemberResult Serving(int port, ZooKeeperRole role, int? quorumSize = null) => new()
    {
        UnitId = $"h:{port}",
        At = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.Zero,
        Address = new HostPort("h", port),
        State = ZooKeeperMemberState.Serving,
        Role = role,
        LastSeenRole = role,
        Zxid = 0x100000005,
        QuorumSize = quorumSize,
    };

    private static ZooKeeperMemberResult Down(int port, ZooKeeperRole? lastSeen = null, bool declaredObserver = false) => new()
    {
        UnitId = $"h:{port}",
        At = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.Zero,
        Address = new HostPort("h", port),
        State = ZooKeeperMemberState.Refused,
        Error = "Connection refused",
        LastSeenRole = lastSeen,
        DeclaredObserver = declaredObserver,
    };

    private static ZooKeeperEnsembleObservation Ensemble(params ZooKeeperMemberResult[] members) => new(Cluster, DateTimeOffset.UnixEpoch, members);

    [Fact]
    public void Declared_observer_down_does_not_raise_the_quorum()
    {
        // 3 voters + 2 observers, one voter and one declared observer down, mntr not available: 2 of 3, quorum 2.
        var e = Ensemble(
            Serving(1, ZooKeeperRole.Leader),
            Serving(2, ZooKeeperRole.Follower),
            Down(3),
            Serving(4, ZooKeeperRole.Observer),
            Down(5, declaredObserver: true));

        Assert.Equal(3, e.Voters);
        Assert.Equal(2, e.Quorum);
        Assert.Equal(2, e.ServingVoters);
        Assert.True(e.HasQuorum);
        Assert.Equal(0, e.FaultToleranceLeft);
    }

    [Fact]
    public void Learnt_observer_down_does_not_raise_the_quorum()
    {
        var e = Ensemble(
            Serving(1, ZooKeeperRole.Leader),
            Serving(2, ZooKeeperRole.Follower),
            Down(3, lastSeen: ZooKeeperRole.Follower),
            Serving(4, ZooKeeperRole.Observer),
            Down(5, lastSeen: ZooKeeperRole.Observer));

        Assert.True(e.Members[4].IsObserver);
        Assert.False(e.Members[2].IsObserver);
        Assert.Equal(3, e.ConfiguredVoters);
        Assert.Equal(3, e.Voters);
        Assert.Equal(2, e.Quorum);
        Assert.True(e.HasQuorum);
    }

    [Fact]
    public void Unknown_role_down_member_is_a_voter_when_observers_are_declared_and_it_is_not_one()
    {
        // Observers are declared (5), so member 3, never seen, is a voter: losing it leaves no fault tolerance.
        var e = Ensemble(
            Serving(1, ZooKeeperRole.Leader),
            Serving(2, ZooKeeperRole.Follower),
            Down(3),
            Serving(4, ZooKeeperRole.Observer),
            Down(5, declaredObserver: true));

        Assert.False(e.Members[2].IsObserver);
        Assert.True(e.Members[4].IsObserver);
        Assert.Equal(3, e.ConfiguredVoters);

        // Without the declaration the never-seen observer counts as a voter: 2 of 4, quorum 3, a false quorum loss.
        var undeclared = Ensemble(
            Serving(1, ZooKeeperRole.Leader),
            Serving(2, ZooKeeperRole.Follower),
            Down(3),
            Serving(4, ZooKeeperRole.Observer),
            Down(5));
        Assert.Equal(4, undeclared.Voters);
        Assert.False(undeclared.HasQuorum);
    }

    [Fact]
    public void Servers_reported_voter_count_wins_over_a_config_that_lists_observers()
    {
        // Neither observer is declared nor ever seen (both down since start), but the leader says 3 voters.
        var e = Ensemble(
            Serving(1, ZooKeeperRole.Leader, quorumSize: 3),
            Serving(2, ZooKeeperRole.Follower, quorumSize: 3),
            Down(3),
            Down(4),
            Down(5));

        Assert.Equal(5, e.ConfiguredVoters);
        Assert.Equal(3, e.ReportedVoters);
        Assert.Equal(3, e.Voters);
        Assert.Equal(2, e.Quorum);
        Assert.True(e.HasQuorum);
        Assert.Equal(3, e.ToReport().Details["voters"]);
        Assert.Equal(2, e.ToReport().Details["quorum"]);
    }

    [Fact]
    public void A_member_answering_as_follower_votes_even_if_declared_an_observer()
    {
        var follower = Serving(2, ZooKeeperRole.Follower) with { DeclaredObserver = true };

        Assert.False(follower.IsObserver);
        Assert.True(follower.IsVoter);
    }

    [Fact]
    public void Read_only_member_last_seen_as_observer_stays_an_observer()
    {
        var readOnly = Serving(4, ZooKeeperRole.ReadOnly) with { LastSeenRole = ZooKeeperRole.Observer };

        Assert.True(readOnly.IsObserver);
        Assert.Equal(2, Ensemble(Serving(1, ZooKeeperRole.Leader), Serving(2, ZooKeeperRole.Follower), readOnly).ConfiguredVoters);
    }

    [Fact]
    public void Leader_view_of_voters_and_synced_observers_is_reported()
    {
        var e = Ensemble(
            Serving(2, ZooKeeperRole.Follower, quorumSize: 5),
            Serving(1, ZooKeeperRole.Leader, quorumSize: 3) with { SyncedObservers = 2 },
            Serving(3, ZooKeeperRole.Follower, quorumSize: 3));

        Assert.Equal(3, e.ReportedVoters);
        Assert.Equal(2, e.ReportedObservers);
    }

    [Fact]
    public void Member_problems_are_in_the_report_and_do_not_change_its_state()
    {
        var m = Serving(1, ZooKeeperRole.Standalone) with { Problems = ["AdminServer http://h:8080/: no answer within 700 ms (its share of the deadline)"] };
        var report = Ensemble(m).ToReport();

        var member = Assert.Single(report.Members);
        Assert.Equal("serving", member.State);
        var problems = Assert.IsAssignableFrom<IEnumerable<string>>(member.Details["problems"]);
        Assert.Contains("AdminServer", Assert.Single(problems), StringComparison.Ordinal);
        Assert.Equal("ok", report.State);
    }
}
