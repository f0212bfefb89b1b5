using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Rules;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>
/// Issue 16, scope 2: a member the monitor cannot reach is judged by the ensemble's own view (ZooKeeperClusterView):
/// the reachable leader's <c>zk_synced_followers</c>, or, for the leader itself, every other voter still following.
/// </summary>
public class ZooKeeperClusterViewTests
{
    private const long Epoch = 7L << 32;
    private static readonly ClusterRef Cluster = new(ZooKeeperKind.KindName, "zk");

    private static ZooKeeperMemberResult Serving(int port, ZooKeeperRole role, int? syncedFollowers = null, long epoch = Epoch, int? syncedObservers = null) => new()
    {
        UnitId = $"h:{port}",
        At = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.Zero,
        Address = new HostPort("h", port),
        State = ZooKeeperMemberState.Serving,
        Role = role,
        Zxid = epoch + 42,
        SyncedFollowers = syncedFollowers,
        SyncedObservers = syncedObservers,
        LastSeenRole = role,
    };

    private static ZooKeeperMemberResult Unreachable(int port, ZooKeeperMemberState state = ZooKeeperMemberState.Refused,
        ZooKeeperRole? lastRole = ZooKeeperRole.Follower, bool observer = false) => new()
    {
        UnitId = $"h:{port}",
        At = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.Zero,
        Address = new HostPort("h", port),
        State = state,
        Error = "connection refused",
        LastSeenRole = lastRole,
        DeclaredObserver = observer,
    };

    private static ZooKeeperEnsembleObservation Ensemble(params ZooKeeperMemberResult[] members) => new(Cluster, DateTimeOffset.UnixEpoch, members);

    private static List<QuorumMonitor.Rules.Evaluation.AlertCandidate> Alerts(ZooKeeperEnsembleObservation e) => ZooKeeperRules.All().SelectMany(r => r.Evaluate(e)).ToList();

    [Theory]
    [InlineData(ZooKeeperMemberState.Refused)]
    [InlineData(ZooKeeperMemberState.Timeout)]
    [InlineData(ZooKeeperMemberState.Error)]
    public void A_follower_the_leader_counts_synced_is_unreachable_from_the_monitor_and_serves(ZooKeeperMemberState state)
    {
        var e = Ensemble(Serving(1, ZooKeeperRole.Leader, syncedFollowers: 2), Serving(2, ZooKeeperRole.Follower), Unreachable(3, state));

        var vouch = Assert.Single(e.Vouches.Values);
        Assert.Equal("h:3", vouch.Member);
        Assert.Equal("h:1", vouch.By);
        Assert.Equal(3, e.ServingVoters);
        Assert.Equal(1, e.FaultToleranceLeft);
        Assert.True(e.HasQuorum);
        Assert.Empty(e.NotServing);
        Assert.Equal("serving", e.MemberStatuses().Single(m => m.Address == "h:3").State);
        Assert.Contains("still counts it synced (2 of 2 followers)", (string)e.ToReport().Members[2].Details["unreachableFromMonitor"]!, StringComparison.Ordinal);

        var alerts = Alerts(e);
        var cannotReach = Assert.Single(alerts);
        Assert.Equal(ZooKeeperMonitorCannotReachRule.AlertName, cannotReach.Name);
        Assert.Equal("MonitorCannotReach", cannotReach.Name);
        Assert.Equal(Severity.Warning, cannotReach.Severity);
        Assert.Equal("h:3", cannotReach.Labels["member"]);
        Assert.Contains("its leader h:1 still counts it synced", cannotReach.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_leader_counts_one_follower_fewer_the_member_is_down_as_before()
    {
        var e = Ensemble(Serving(1, ZooKeeperRole.Leader, syncedFollowers: 1), Serving(2, ZooKeeperRole.Follower), Unreachable(3));

        Assert.Empty(e.Vouches);
        Assert.Equal(2, e.ServingVoters);
        var alerts = Alerts(e);
        Assert.Contains(alerts, a => a.Name == ZooKeeperMemberDownRule.AlertName && a.Labels["member"] == "h:3");
        Assert.Contains(alerts, a => a.Name == ZooKeeperNoFaultToleranceRule.AlertName);
        Assert.DoesNotContain(alerts, a => a.Name == ZooKeeperMonitorCannotReachRule.AlertName);
    }

    [Fact]
    public void Two_unreachable_when_the_leader_misses_one_vouches_for_neither()
    {
        var e = Ensemble(Serving(1, ZooKeeperRole.Leader, syncedFollowers: 3), Serving(2, ZooKeeperRole.Follower),
            Serving(3, ZooKeeperRole.Follower), Unreachable(4), Unreachable(5));

        Assert.Empty(e.Vouches);
        Assert.Equal(3, e.ServingVoters);
        Assert.Equal(2, Alerts(e).Count(a => a.Name == ZooKeeperMemberDownRule.AlertName));
    }

    [Fact]
    public void A_leader_without_mntr_vouches_for_nobody()
    {
        var e = Ensemble(Serving(1, ZooKeeperRole.Leader, syncedFollowers: null), Serving(2, ZooKeeperRole.Follower), Unreachable(3));

        Assert.Empty(e.Vouches);
        Assert.Contains(Alerts(e), a => a.Name == ZooKeeperMemberDownRule.AlertName);
    }

    [Fact]
    public void A_member_that_answers_not_serving_is_its_own_view_and_never_vouched_for()
    {
        var notServing = Unreachable(3, ZooKeeperMemberState.NotServing);
        var e = Ensemble(Serving(1, ZooKeeperRole.Leader, syncedFollowers: 2), Serving(2, ZooKeeperRole.Follower), notServing);

        Assert.Empty(e.Vouches);
        Assert.Equal(2, e.ServingVoters);
    }

    [Fact]
    public void Two_leaders_vouch_for_nobody()
    {
        var e = Ensemble(Serving(1, ZooKeeperRole.Leader, syncedFollowers: 2), Serving(2, ZooKeeperRole.Leader, syncedFollowers: 2), Unreachable(3));

        Assert.Empty(e.Vouches);
    }

    [Fact]
    public void An_unreachable_leader_whose_followers_all_still_follow_serves_and_leads()
    {
        var e = Ensemble(Unreachable(1, lastRole: ZooKeeperRole.Leader), Serving(2, ZooKeeperRole.Follower), Serving(3, ZooKeeperRole.Follower));

        var vouch = Assert.Single(e.Vouches.Values);
        Assert.True(vouch.IsLeader);
        Assert.Equal("h:1", vouch.Member);
        Assert.Same(e.Members[0], e.VouchedLeader);
        Assert.Equal(["h:1"], e.Leaders);
        Assert.True(e.HasQuorum);
        Assert.Equal(3, e.ServingVoters);
        var alert = Assert.Single(Alerts(e));
        Assert.Equal(ZooKeeperMonitorCannotReachRule.AlertName, alert.Name);
        Assert.Contains("ZooKeeper leader h:1", alert.Summary, StringComparison.Ordinal);
        Assert.Contains("its followers h:2, h:3 still follow it, and no other voter can lead", alert.Summary, StringComparison.Ordinal);
    }

    /// <summary>What a real idle ensemble answers (the live test saw it): one follower at 0x0, one at 0x100000000.</summary>
    [Fact]
    public void Idle_followers_in_older_epochs_still_vouch_for_the_leader()
    {
        var e = Ensemble(Unreachable(1, lastRole: ZooKeeperRole.Leader), Serving(2, ZooKeeperRole.Follower, epoch: 0),
            Serving(3, ZooKeeperRole.Follower, epoch: 1L << 32));

        Assert.Equal(["h:1"], e.Vouches.Keys);
        Assert.True(e.HasQuorum);
    }

    [Fact]
    public void With_two_voters_unreachable_and_no_reachable_leader_the_followers_cannot_say_which_leads()
    {
        var e = Ensemble(Unreachable(1, lastRole: ZooKeeperRole.Leader), Serving(2, ZooKeeperRole.Follower), Unreachable(3));

        Assert.Empty(e.Vouches);
        Assert.False(e.HasQuorum);
        Assert.Contains(Alerts(e), a => a.Name == ZooKeeperQuorumLostRule.AlertName && a.Severity == Severity.Page);
    }

    [Fact]
    public void A_leader_the_monitor_never_saw_is_not_vouched_for()
    {
        var e = Ensemble(Unreachable(1, lastRole: null), Serving(2, ZooKeeperRole.Follower), Serving(3, ZooKeeperRole.Follower));

        Assert.Empty(e.Vouches);
        Assert.Contains(Alerts(e), a => a.Name == ZooKeeperQuorumLostRule.AlertName);
    }

    [Fact]
    public void Followers_that_stopped_serving_confirm_the_leader_down_and_quorum_lost()
    {
        var e = Ensemble(Unreachable(1, lastRole: ZooKeeperRole.Leader), Unreachable(2, ZooKeeperMemberState.NotServing), Unreachable(3, ZooKeeperMemberState.NotServing));

        Assert.Empty(e.Vouches);
        Assert.Contains(Alerts(e), a => a.Name == ZooKeeperQuorumLostRule.AlertName && a.Severity == Severity.Page);
    }

    [Fact]
    public void One_follower_of_five_with_four_unreachable_vouches_for_nobody()
    {
        var e = Ensemble(Unreachable(1, lastRole: ZooKeeperRole.Leader), Serving(2, ZooKeeperRole.Follower), Unreachable(3), Unreachable(4), Unreachable(5));

        Assert.Empty(e.Vouches);
    }

    [Fact]
    public void An_observer_the_leader_counts_synced_is_vouched_for_but_never_votes()
    {
        var e = Ensemble(Serving(1, ZooKeeperRole.Leader, syncedFollowers: 2, syncedObservers: 1), Serving(2, ZooKeeperRole.Follower),
            Serving(3, ZooKeeperRole.Follower), Unreachable(4, lastRole: ZooKeeperRole.Observer, observer: true));

        Assert.Equal(["h:4"], e.Vouches.Keys);
        Assert.Equal(3, e.ServingVoters);
        Assert.Equal(3, e.Voters);
        Assert.Equal(ZooKeeperMonitorCannotReachRule.AlertName, Assert.Single(Alerts(e)).Name);
    }
}
