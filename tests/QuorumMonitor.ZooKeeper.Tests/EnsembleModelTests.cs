using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.ZooKeeper.Tests;

public class EnsembleModelTests
{
    private static readonly ClusterRef Cluster = new(ZooKeeperKind.KindName, "zk");

    private static ZooKeeperMemberResult Member(int port, ZooKeeperMemberState state, ZooKeeperRole? role = null, long zxid = 0x100000005, int? quorumSize = null) => new()
    {
        UnitId = $"h:{port}",
        At = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.Zero,
        Address = new HostPort("h", port),
        State = state,
        Role = role,
        Zxid = state == ZooKeeperMemberState.Serving ? zxid : null,
        QuorumSize = quorumSize,
    };

    [Fact]
    public void Healthy_three_member_ensemble_tolerates_one_failure()
    {
        var e = new ZooKeeperEnsembleObservation(Cluster, DateTimeOffset.UnixEpoch,
        [
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower),
            Member(3, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower),
        ]);

        Assert.Equal(2, e.Quorum);
        Assert.True(e.HasQuorum);
        Assert.Equal(1, e.FaultToleranceLeft);
        Assert.Equal("ok", e.StateName);
    }

    [Theory]
    [InlineData(5, 0, 2, true)]
    [InlineData(5, 1, 1, true)]
    [InlineData(5, 2, 0, true)]
    [InlineData(5, 3, 0, false)]
    [InlineData(3, 1, 0, true)]
    [InlineData(3, 2, 0, false)]
    public void Quorum_is_a_strict_majority_of_voters(int size, int down, int toleranceLeft, bool hasQuorum)
    {
        var members = Enumerable.Range(1, size)
            .Select(i => i <= down ? Member(i, ZooKeeperMemberState.Refused)
                : Member(i, ZooKeeperMemberState.Serving, i == size ? ZooKeeperRole.Leader : ZooKeeperRole.Follower))
            .ToList();

        var e = new ZooKeeperEnsembleObservation(Cluster, DateTimeOffset.UnixEpoch, members);

        Assert.Equal((size / 2) + 1, e.Quorum);
        Assert.Equal(hasQuorum, e.HasQuorum);
        Assert.Equal(toleranceLeft, e.FaultToleranceLeft);
    }

    [Fact]
    public void Enough_serving_followers_without_a_leader_is_not_a_quorum()
    {
        var e = new ZooKeeperEnsembleObservation(Cluster, DateTimeOffset.UnixEpoch,
        [
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower),
            Member(3, ZooKeeperMemberState.Timeout),
        ]);

        Assert.False(e.HasQuorum);
    }

    [Fact]
    public void Observers_do_not_vote()
    {
        var e = new ZooKeeperEnsembleObservation(Cluster, DateTimeOffset.UnixEpoch,
        [
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower),
            Member(3, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower),
            Member(4, ZooKeeperMemberState.Serving, ZooKeeperRole.Observer),
        ]);

        Assert.Equal(3, e.Voters);
        Assert.Equal(3, e.ServingVoters);
    }

    [Fact]
    public void Server_reported_voter_count_wins_over_a_short_config()
    {
        // The monitor lists 3 members, the ensemble really has 5 voters: quorum is 3, not 2.
        var e = new ZooKeeperEnsembleObservation(Cluster, DateTimeOffset.UnixEpoch,
        [
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader, quorumSize: 5),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower, quorumSize: 5),
            Member(3, ZooKeeperMemberState.Refused),
        ]);

        Assert.Equal(5, e.Voters);
        Assert.Equal(3, e.Quorum);
        Assert.False(e.HasQuorum);
        Assert.True(e.VoterCountMismatch);
    }

    [Fact]
    public void Epoch_divergence_and_zxid_lag_are_measured()
    {
        var lagging = new ZooKeeperEnsembleObservation(Cluster, DateTimeOffset.UnixEpoch,
        [
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader, zxid: 0x200000010),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower, zxid: 0x200000004),
        ]);
        var diverged = new ZooKeeperEnsembleObservation(Cluster, DateTimeOffset.UnixEpoch,
        [
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader, zxid: 0x200000010),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower, zxid: 0x100000004),
        ]);

        Assert.Equal(12, lagging.MaxZxidLag);
        Assert.Equal([2], lagging.Epochs);
        Assert.Equal([1, 2], diverged.Epochs);
    }
}
