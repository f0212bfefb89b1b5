using System.Diagnostics;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Galera.Rules;
using QuorumMonitor.Lab.Timing;

namespace QuorumMonitor.Galera.LiveTests;

/// <summary>Healthy, one node frozen then resumed, one node desynced then resynced: the cluster is whole again after each.</summary>
public sealed class SharedClusterTests(SharedClusterFixture fixture) : IClassFixture<SharedClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(60);

    public Task InitializeAsync() => fixture.Cluster.WaitAllSyncedAsync(Resync);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Healthy_cluster_is_one_primary_component_of_three_that_tolerates_one_failure_and_raises_no_alert()
    {
        var rounds = new GaleraRounds(fixture.Cluster);
        GaleraClusterObservation observation = null!;
        for (var i = 0; i < 3; i++)
        {
            observation = await rounds.RoundAsync();
        }

        Assert.All(observation.Nodes, n =>
        {
            Assert.Equal(GaleraNodeState.Ok, n.State);
            Assert.Equal("Primary", n.ClusterStatus);
            Assert.Equal("Synced", n.LocalStateComment);
            Assert.Equal(3, n.ClusterSize);
            Assert.True(n.Ready);
            Assert.True(n.Connected);
            Assert.Equal(1, n.Weight);
            Assert.NotNull(n.StateUuid);
        });
        var component = Assert.Single(observation.Components);
        Assert.True(component.IsPrimary);
        Assert.Equal(3, component.Members.Count);
        Assert.True(observation.HasQuorum);
        Assert.Equal(1, observation.FaultToleranceLeft);
        Assert.Equal("ok", observation.StateName);
        Assert.Empty(rounds.Evaluator.Alerts());
    }

    [Fact]
    public async Task Frozen_node_times_out_within_its_deadline_and_the_other_nodes_probes_are_not_delayed()
    {
        var deadline = TimeSpan.FromMilliseconds(1500);
        var rounds = new GaleraRounds(fixture.Cluster, deadline);
        var frozenNode = fixture.Cluster.Nodes[2];
        IReadOnlyList<GaleraNodeResult> results;
        TimeSpan othersDone;
        TimeSpan controlOverrun;
        // Warm: the first probes of this process load and JIT the client library, which is no delay the frozen node
        // caused; the others' probes below are then timed against the frozen node's deadline alone.
        var warm = await new GaleraRounds(fixture.Cluster, TimeSpan.FromSeconds(30)).ProbeAllAsync();
        Assert.All(warm, n => Assert.Equal(GaleraNodeState.Ok, n.State));
        frozenNode.Freeze();
        try
        {
            var control = DeadlineControl.Start(deadline);
            var watch = Stopwatch.StartNew();
            var units = rounds.Monitor.Units;
            var runner = new QuorumMonitor.Core.Probing.ProbeUnitRunner(TimeProvider.System);
            var frozenTask = runner.RunAsync(units[2], CancellationToken.None);
            var others = await Task.WhenAll(units.Take(2).Select(u => runner.RunAsync(u, CancellationToken.None)));
            othersDone = watch.Elapsed;
            results = [.. others.Cast<GaleraNodeResult>(), (GaleraNodeResult)await frozenTask];
            controlOverrun = await control.StopAsync();
        }
        finally
        {
            frozenNode.Resume();
        }

        var frozen = results[2];
        Assert.Equal(frozenNode.Endpoint, frozen.Name);
        Assert.Equal(GaleraNodeState.HandshakeTimeout, frozen.State);
        Assert.Contains("TCP accepted", frozen.Error, StringComparison.Ordinal);
        // At its deadline, not before; and no later than an in-process unit with the same deadline, hung at the same
        // time, was let go: a loaded machine's timer lateness is not the probe's, MySqlConnector's connect timeout
        // (seconds) would be. Slack: the runner's grace plus the control's stagger.
        Assert.True(frozen.Duration >= deadline - TimeSpan.FromMilliseconds(50), $"timed out after {frozen.Duration}, before its deadline {deadline}");
        Assert.True(frozen.Duration - deadline <= controlOverrun + TimeSpan.FromMilliseconds(250) + (deadline / 4),
            $"frozen probe took {frozen.Duration.TotalMilliseconds:0} ms, the control at most {(deadline + controlOverrun).TotalMilliseconds:0} ms");
        Assert.True(othersDone < deadline, $"the other nodes' probes took {othersDone}, as long as the frozen node's deadline");
        Assert.All(results.Take(2), n =>
        {
            Assert.Equal(GaleraNodeState.Ok, n.State);
            Assert.Equal("Primary", n.ClusterStatus);
        });
    }

    [Fact]
    public async Task Desynced_node_is_up_but_not_a_safe_voter_and_raises_GaleraNodeNotSynced_naming_it()
    {
        var rounds = new GaleraRounds(fixture.Cluster);
        var node = fixture.Cluster.Nodes[1];
        await node.ExecuteAsync("SET GLOBAL wsrep_desync=ON");
        try
        {
            // The settled picture: the desynced node's alert firing alone, in a round in which the two other nodes were
            // seen Synced. On a loaded machine an early round may lose a probe of theirs to its deadline (an alert of
            // theirs then fires and needs its clean rounds to resolve); that says nothing about the desynced node's vote.
            var observation = await rounds.UntilAsync(
                (o, firing) => firing.Where(a => a.Name == GaleraNodeNotSyncedRule.AlertName).Select(a => a.Labels["node"]).SequenceEqual([node.Endpoint])
                    && o.Nodes.Count(n => n.Name != node.Endpoint && n.IsSynced) == 2,
                TimeSpan.FromSeconds(90), "GaleraNodeNotSynced firing for the desynced node alone while the two other nodes are Synced");

            var desynced = observation.Nodes.Single(n => n.Name == node.Endpoint);
            Assert.Equal(GaleraNodeState.Ok, desynced.State);
            Assert.Equal("Donor/Desynced", desynced.LocalStateComment);
            Assert.True(desynced.IsPrimary);
            Assert.False(desynced.IsSafeVoter);
            Assert.Equal(2, observation.SafeVoters.Count);
            Assert.Equal(0, observation.FaultToleranceLeft);
            var alert = Assert.Single(rounds.Firing, a => a.Name == GaleraNodeNotSyncedRule.AlertName);
            Assert.Equal(Core.Model.Severity.Warning, alert.Severity);
            Assert.Equal(node.Endpoint, alert.Labels["node"]);
            Assert.Contains("Donor/Desynced", alert.Summary, StringComparison.Ordinal);
            Assert.DoesNotContain(rounds.Firing, a => a.Severity == Core.Model.Severity.Page);
        }
        finally
        {
            await node.ExecuteAsync("SET GLOBAL wsrep_desync=OFF");
        }
    }
}
