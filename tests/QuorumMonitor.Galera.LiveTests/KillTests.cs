using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Galera.Rules;

namespace QuorumMonitor.Galera.LiveTests;

/// <summary>One node killed: the cluster holds with no margin left.</summary>
public sealed class OneNodeKilledTests : OwnCluster
{
    [Fact]
    public async Task One_node_killed_raises_GaleraNoFaultTolerance_naming_it_with_0_more_failures()
    {
        var rounds = new GaleraRounds(Cluster);
        await rounds.RoundAsync();
        var victim = Cluster.Nodes[2];
        victim.Kill();

        var observation = await rounds.UntilAsync(
            (_, firing) => firing.Any(a => a.Name == GaleraNoFaultToleranceRule.AlertName), TimeSpan.FromSeconds(30), "GaleraNoFaultTolerance firing");

        Assert.Equal(GaleraNodeState.Refused, observation.Nodes.Single(n => n.Name == victim.Endpoint).State);
        Assert.True(observation.HasQuorum);
        Assert.Equal(0, observation.FaultToleranceLeft);
        var alert = Assert.Single(rounds.Firing, a => a.Name == GaleraNoFaultToleranceRule.AlertName);
        Assert.Equal(Severity.Warning, alert.Severity);
        Assert.Contains(victim.Endpoint, alert.Summary, StringComparison.Ordinal);
        Assert.Contains("0 more failures", alert.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(Cluster.Nodes[0].Endpoint, alert.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(rounds.Firing, a => a.Severity == Severity.Page);
    }
}

/// <summary>Two of three nodes killed at once: the survivor drops out of the Primary component, and that pages once.</summary>
public sealed class TwoNodesKilledTests : OwnCluster
{
    [Fact]
    public async Task Two_nodes_killed_at_once_leave_the_survivor_non_Primary_and_raise_exactly_one_GaleraQuorumLost_page()
    {
        var rounds = new GaleraRounds(Cluster);
        await rounds.RoundAsync();
        Cluster.Nodes[1].Kill();
        Cluster.Nodes[2].Kill();

        // Galera evicts the dead peers after evs.suspect_timeout; until then the survivor still calls itself Primary.
        var observation = await rounds.UntilAsync(
            (_, firing) => firing.Any(a => a.Name == GaleraQuorumLostRule.AlertName), TimeSpan.FromSeconds(60), "GaleraQuorumLost firing");

        var survivor = observation.Nodes.Single(n => n.Name == Cluster.Nodes[0].Endpoint);
        Assert.Equal(GaleraNodeState.Ok, survivor.State);
        Assert.Equal("non-Primary", survivor.ClusterStatus);
        Assert.False(survivor.Ready);
        Assert.False(observation.HasQuorum);
        Assert.Empty(observation.PrimaryComponents);
        var page = Assert.Single(rounds.Firing, a => a.Severity == Severity.Page);
        Assert.Equal(GaleraQuorumLostRule.AlertName, page.Name);
        Assert.Single(rounds.Firing, a => a.Name == GaleraQuorumLostRule.AlertName);

        // Still one page rounds later: the condition holds, the alert does not multiply.
        await rounds.RoundAsync();
        await rounds.RoundAsync();
        Assert.Single(rounds.Firing, a => a.Severity == Severity.Page);
    }
}
