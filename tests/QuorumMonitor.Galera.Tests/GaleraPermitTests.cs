using QuorumMonitor.Core.Probing;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Galera.Permits;
using QuorumMonitor.Galera.Rules;
using QuorumMonitor.Runtime.Permits;
using static QuorumMonitor.Galera.Tests.Nodes;

namespace QuorumMonitor.Galera.Tests;

/// <summary>
/// Issue 15, scope 1 for Galera ("as ZooKeeper, counting Synced nodes"): a node may go down on purpose only while every
/// other node is a safe voter and the rest keep the Primary component's quorum weight with the configured margin; it is
/// back once Synced again; and while it is down under its permit the node rules stay quiet about it.
/// </summary>
public class GaleraPermitTests
{
    private readonly GaleraPermitJudge _judge = new();

    private static Permit Held(int port) => new()
    {
        Id = 7, Kind = GaleraKind.KindName, Cluster = "shop", Member = Name(port), Holder = "ansible@db-1", Reason = "kernel upgrade",
        GrantedAt = At, ExpiresAt = At.AddMinutes(15),
    };

    [Fact]
    public void A_node_of_three_synced_nodes_may_restart_and_the_cluster_keeps_its_quorum()
    {
        var c = Cluster(Synced(1), Synced(2), Synced(3));

        Assert.Equal(Name(2), _judge.FindMember(c, Name(2).ToUpperInvariant()));
        Assert.True(_judge.Judge(c, Name(2), [], 0).Allowed);
        // With it down two of three remain: quorum, but no failure to spare.
        var careful = _judge.Judge(c, Name(2), [], 1);
        Assert.False(careful.Allowed);
        Assert.Equal($"with {Name(2)} down shop would tolerate 0 more failure(s); permits.minFaultToleranceAfter asks for 1", careful.Reason);
    }

    [Fact]
    public void A_second_node_is_refused_while_one_is_under_a_permit_desynced_or_down()
    {
        var held = _judge.Judge(Cluster(Synced(1), Synced(2), Synced(3)), Name(2), [Held(1)], 0);
        Assert.False(held.Allowed);
        Assert.Contains($"{Name(1)} is under permit #7 held by ansible@db-1: kernel upgrade", held.Reason, StringComparison.Ordinal);

        var donor = _judge.Judge(Cluster(Desynced(1), Synced(2), Synced(3)), Name(2), [], 0);
        Assert.False(donor.Allowed);
        Assert.Equal($"shop tolerates no planned restart now: {Name(1)} is donor-desynced", donor.Reason);

        Assert.False(_judge.Judge(Cluster(Down(1), Synced(2), Synced(3)), Name(2), [], 0).Allowed);
        Assert.False(_judge.Judge(Cluster(Synced(1), Synced(2)), Name(2), [], 0).Allowed); // two nodes: one left is no quorum
    }

    [Fact]
    public void The_node_is_back_only_once_it_is_synced_in_the_primary_component()
    {
        Assert.Equal(MemberRecovery.Down, _judge.Recovery(Cluster(Down(1), Synced(2), Synced(3)), Name(1)));
        Assert.Equal(MemberRecovery.Down, _judge.Recovery(Cluster(NonPrimary(1), Synced(2), Synced(3)), Name(1)));
        Assert.Equal(MemberRecovery.Down, _judge.Recovery(Cluster(Desynced(1), Synced(2), Synced(3)), Name(1)));
        Assert.Equal(MemberRecovery.Back, _judge.Recovery(Cluster(Synced(1), Synced(2), Synced(3)), Name(1)));
        Assert.Equal(MemberRecovery.Unknown, _judge.Recovery(Cluster(Synced(2), Synced(3)), Name(1)));
    }

    [Fact]
    public void A_node_down_or_rejoining_under_its_permit_raises_nothing_and_an_unplanned_one_still_does()
    {
        var planned = new PlannedRestart(Name(1), 7, "ansible@db-1", "kernel upgrade", At.AddMinutes(15));
        string[] Alerts(GaleraNodeResult first, GaleraNodeResult second) =>
            [.. GaleraRules.All().SelectMany(r => r.Evaluate(Cluster(first, second, Synced(3)) with { PlannedRestarts = [planned] })).Select(a => a.Name)];

        Assert.Empty(Alerts(Down(1), Synced(2)));
        Assert.Empty(Alerts(Desynced(1), Synced(2))); // joined, still receiving its state transfer

        var unplanned = Alerts(Down(1), Down(2));
        Assert.Contains(GaleraNodeDownRule.AlertName, unplanned);
        Assert.Single(unplanned, n => n == GaleraNodeDownRule.AlertName);
    }
}
