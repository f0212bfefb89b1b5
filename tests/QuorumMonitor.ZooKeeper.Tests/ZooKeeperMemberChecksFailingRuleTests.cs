using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.ZooKeeper.Rules;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>A failed extra check is a warning on a serving member, never a page and never a member down.</summary>
public class ZooKeeperMemberChecksFailingRuleTests
{
    private static ZooKeeperMemberResult Member(int port, ZooKeeperMemberState state, ZooKeeperRole? role, params string[] problems) => new()
    {
        UnitId = $"10.0.0.{port}:2181",
        At = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.Zero,
        Address = new HostPort($"10.0.0.{port}", 2181),
        State = state,
        Role = role,
        Problems = problems,
    };

    private static List<AlertCandidate> Evaluate(params ZooKeeperMemberResult[] members) =>
        ZooKeeperRules.All().SelectMany(r => r.Evaluate(
            new ZooKeeperEnsembleObservation(new ClusterRef(ZooKeeperKind.KindName, "zk-realtime"), DateTimeOffset.UnixEpoch, members))).ToList();

    [Fact]
    public void Every_member_with_a_hung_admin_server_is_one_warning_and_nothing_else()
    {
        const string hung = "AdminServer http://10.0.0.1:8080/: no answer within 700 ms (its share of the deadline)";
        var alerts = Evaluate(
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader, hung),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower, hung),
            Member(3, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower, hung));

        Assert.Equal(3, alerts.Count);
        Assert.All(alerts, a => Assert.Equal(ZooKeeperMemberChecksFailingRule.AlertName, a.Name));
        Assert.All(alerts, a => Assert.Equal(Severity.Warning, a.Severity));
        Assert.All(alerts, a => Assert.Contains(hung, a.Summary, StringComparison.Ordinal));
        Assert.Equal(["10.0.0.1:2181", "10.0.0.2:2181", "10.0.0.3:2181"], alerts.Select(a => a.Labels["member"]));
    }

    [Fact]
    public void Members_without_problems_or_not_serving_raise_no_checks_warning()
    {
        var alerts = Evaluate(
            Member(1, ZooKeeperMemberState.Serving, ZooKeeperRole.Leader),
            Member(2, ZooKeeperMemberState.Serving, ZooKeeperRole.Follower),
            Member(3, ZooKeeperMemberState.Refused, null));

        Assert.DoesNotContain(alerts, a => a.Name == ZooKeeperMemberChecksFailingRule.AlertName);
    }
}
