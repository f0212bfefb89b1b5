using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.ZooKeeper.Rules;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.ZooKeeper.Tests;

public class ZooKeeperRulesTests
{
    private static ZooKeeperMemberResult Member(int port, ZooKeeperMemberState state, ZooKeeperRole? role = null) => new()
    {
        UnitId = $"10.0.0.{port}:2181",
        At = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.Zero,
        Address = new HostPort($"10.0.0.{port}", 2181),
        State = state,
        Role = role,
    };

    private static List<AlertCandidate> Evaluate(params ZooKeeperMemberResult[] members)
    {
        var e = new ZooKeeperEnsembleObservation(new ClusterRef(ZooKeeperKind.KindName, "zk-realtime"), DateTimeOffset.UnixEpoch, members);
        return ZooKeeperRules.All().SelectMany(r => r.Evaluate(e)).ToList();
    }

    [Fact]
    public void Healthy_ensemble_raises_nothing()
    {
        Assert.Empty(Evaluate(
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower),
            Member(3, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower)));
    }

    [Fact]
    public void One_member_down_warns_that_no_failure_is_left_and_names_it()
    {
        var alerts = Evaluate(
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower),
            Member(3, ZooKeeperMemberState.Refused));

        Assert.DoesNotContain(alerts, a => a.Severity == Severity.Page);
        var noTolerance = Assert.Single(alerts, a => a.Name == ZooKeeperNoFaultToleranceRule.AlertName);
        Assert.Contains("tolerate 0 more failures", noTolerance.Summary, StringComparison.Ordinal);
        Assert.Contains("10.0.0.3:2181", noTolerance.Summary, StringComparison.Ordinal);
        var down = Assert.Single(alerts, a => a.Name == ZooKeeperMemberDownRule.AlertName);
        Assert.Equal("10.0.0.3:2181", down.Labels["member"]);
    }

    [Fact]
    public void Quorum_loss_is_one_page_naming_down_and_not_serving_members()
    {
        var alerts = Evaluate(
            Member(1, ZooKeeperMemberState.NotServing),
            Member(2, ZooKeeperMemberState.Refused),
            Member(3, ZooKeeperMemberState.Refused));

        var page = Assert.Single(alerts, a => a.Severity == Severity.Page);
        Assert.Equal(ZooKeeperQuorumLostRule.AlertName, page.Name);
        Assert.Contains("0 of 3 voters serving, 2 needed", page.Summary, StringComparison.Ordinal);
        Assert.Contains("down: 10.0.0.2:2181 (refused), 10.0.0.3:2181 (refused)", page.Summary, StringComparison.Ordinal);
        Assert.Contains("up but not serving: 10.0.0.1:2181", page.Summary, StringComparison.Ordinal);

        // The survivor is a consequence of the quorum loss, not a member failure of its own.
        Assert.DoesNotContain(alerts, a => a.Name == ZooKeeperMemberDownRule.AlertName && a.Labels["member"] == "10.0.0.1:2181");
        Assert.DoesNotContain(alerts, a => a.Name == ZooKeeperNoFaultToleranceRule.AlertName);
    }

    [Fact]
    public void Two_leaders_is_a_conflict()
    {
        var alerts = Evaluate(
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader),
            Member(3, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower));

        Assert.Single(alerts, a => a.Name == ZooKeeperLeaderConflictRule.AlertName);
    }

    [Fact]
    public void Standalone_server_is_not_warned_about_fault_tolerance()
    {
        Assert.Empty(Evaluate(Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Standalone)));
    }
}
