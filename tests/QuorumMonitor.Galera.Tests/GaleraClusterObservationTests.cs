using QuorumMonitor.Galera.Model;
using static QuorumMonitor.Galera.Tests.Nodes;

namespace QuorumMonitor.Galera.Tests;

/// <summary>Components, quorum and fault tolerance, counted from what the nodes report.</summary>
public class GaleraClusterObservationTests
{
    [Fact]
    public void Three_synced_nodes_are_one_Primary_component_that_tolerates_one_failure()
    {
        var c = Cluster(Synced(1), Synced(2), Synced(3));

        var component = Assert.Single(c.Components);
        Assert.True(component.IsPrimary);
        Assert.Equal(3, component.Members.Count);
        Assert.Same(component, c.PrimaryComponent);
        Assert.True(c.HasQuorum);
        Assert.Equal(3, c.TotalWeight);
        Assert.Equal(2, c.QuorumWeight);
        Assert.Equal(1, c.FaultToleranceLeft);
        Assert.False(c.IsSplitBrain);
        Assert.Equal("ok", c.StateName);
    }

    [Theory]
    [InlineData(3, 0, 1)]
    [InlineData(3, 1, 0)]
    [InlineData(5, 0, 2)]
    [InlineData(5, 1, 1)]
    [InlineData(5, 2, 0)]
    [InlineData(4, 0, 1)]
    [InlineData(4, 1, 0)]
    [InlineData(2, 0, 0)]
    public void Fault_tolerance_is_how_many_more_safe_voters_can_fail_with_more_than_half_the_weight_left(int size, int down, int expected)
    {
        var nodes = Enumerable.Range(1, size).Select(i => i <= down ? Down(i) : Synced(i, size - down)).ToArray();

        var c = Cluster(nodes);

        Assert.True(c.HasQuorum);
        Assert.Equal(expected, c.FaultToleranceLeft);
        Assert.Equal((size / 2) + 1, c.QuorumWeight);
    }

    [Fact]
    public void A_desynced_node_is_up_but_not_a_safe_voter()
    {
        var c = Cluster(Synced(1), Desynced(2), Synced(3));

        Assert.True(c.Nodes[1].IsAnswering);
        Assert.True(c.Nodes[1].IsPrimary);
        Assert.False(c.Nodes[1].IsSafeVoter);
        Assert.Equal(2, c.SafeVoters.Count);
        Assert.Equal(0, c.FaultToleranceLeft);
        Assert.Single(c.Components);
        Assert.Equal("degraded", c.StateName);
        Assert.Equal("donor-desynced", GaleraClusterObservation.MemberState(c.Nodes[1]));
    }

    [Fact]
    public void Weights_count_and_the_heaviest_voter_is_lost_first()
    {
        // Total 4, quorum 3: losing the weight-2 node leaves 2, so not even one failure is safe.
        var weighted = Cluster(Synced(1, weight: 2), Synced(2), Synced(3));
        Assert.Equal(4, weighted.TotalWeight);
        Assert.Equal(3, weighted.QuorumWeight);
        Assert.Equal(0, weighted.FaultToleranceLeft);

        // Total 5 (3+1+1), quorum 3: the two light nodes could both go, but losing the heavy one loses quorum: 0, the worst case.
        var heavy = Cluster(Synced(1, weight: 3), Synced(2), Synced(3));
        Assert.Equal(0, heavy.FaultToleranceLeft);
        var heavyLightDown = Cluster(Synced(1, weight: 3), Down(2), Down(3));
        Assert.Equal(3, heavyLightDown.SafeVoterWeight);
        Assert.Equal(0, heavyLightDown.FaultToleranceLeft);

        // A node whose weight is unknown (down) counts as Galera's default, 1.
        Assert.Equal(6, Cluster(Synced(1, weight: 4), Down(2), Synced(3, weight: null)).TotalWeight);
    }

    [Fact]
    public void A_lone_non_Primary_survivor_has_no_quorum()
    {
        var c = Cluster(NonPrimary(1), Down(2), Down(3));

        Assert.False(c.HasQuorum);
        Assert.Empty(c.PrimaryComponents);
        Assert.Null(c.PrimaryComponent);
        Assert.Equal(0, c.FaultToleranceLeft);
        var component = Assert.Single(c.Components);
        Assert.False(component.IsPrimary);
        Assert.Equal("no-quorum", c.StateName);
    }

    [Fact]
    public void Nodes_are_grouped_by_state_uuid_conf_id_and_Primary_ness()
    {
        var c = Cluster(Synced(1, conf: 7), Synced(2, conf: 7), Synced(3, conf: 9, uuid: OtherUuid), NonPrimary(4), NonPrimary(5), Down(6));

        Assert.Equal(3, c.Components.Count);
        Assert.Equal(2, c.PrimaryComponents.Count);
        Assert.Equal([Name(1), Name(2)], c.PrimaryComponent!.Names);
        Assert.Equal(2, c.Components.Single(x => !x.IsPrimary).Members.Count);
    }

    [Fact]
    public void Two_Primary_components_that_both_take_writes_are_a_split_brain()
    {
        var split = Cluster(Synced(1, size: 2, conf: 7), Synced(2, size: 2, conf: 7), Synced(3, size: 1, conf: 3, uuid: OtherUuid));
        Assert.True(split.IsSplitBrain);
        Assert.Equal("split-brain", split.StateName);

        // Same history, two views: someone bootstrapped a second Primary from a copy.
        Assert.True(Cluster(Synced(1, conf: 7), Synced(2, conf: 12)).IsSplitBrain);

        // A second Primary component that is not ready takes no writes: not (yet) a split brain.
        Assert.False(Cluster(Synced(1), Synced(2), Synced(3, uuid: OtherUuid) with { Ready = false }).IsSplitBrain);
    }

    [Fact]
    public void Report_names_every_node_and_the_quorum_figures()
    {
        var report = Cluster(Synced(1), Desynced(2), Down(3)).ToReport();

        Assert.Equal(GaleraKind.KindName, report.Kind);
        Assert.Equal(["serving", "donor-desynced", "refused"], report.Members.Select(m => m.State));
        Assert.Equal(0, report.Details["faultToleranceLeft"]);
        Assert.Equal(true, report.Details["hasQuorum"]);
        Assert.Equal(1, report.Details["safeVoterWeight"]);
    }
}
