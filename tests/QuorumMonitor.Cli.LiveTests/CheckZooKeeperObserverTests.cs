using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary>Issue 12: observers never vote, so a down observer never raises the quorum (a real 3 voters + 2 observers ensemble).</summary>
public sealed class CheckZooKeeperObserverTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    [Fact]
    public async Task One_observer_and_one_voter_down_is_a_warning_with_quorum_two_of_three_voters()
    {
        using var zk = ZooKeeperEnsemble.Start(5, _ports, _dir, "observers", observers: 2);
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(90));
        var leader = await zk.FindLeaderAsync();
        Assert.NotNull(leader);
        Assert.False(leader.IsObserver);
        var voter = zk.Voters.First(m => m != leader);
        var observer = zk.Observers[0];
        voter.Kill();
        observer.Kill();
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(30));

        // Undeclared: the down observer was never seen by this process; the servers' own voter count decides.
        // Declared: the config says so too.
        foreach (var declare in new[] { false, true })
        {
            var yaml = $"monitor:\n  deadline: 2s\nzookeeper:\n{zk.ToYaml("zk-realtime", declareObservers: declare)}";
            var result = await CheckHarness.RunAsync(yaml, "--format", "json", "--interval", "300ms");

            Assert.True(result.ExitCode == 1, $"declared={declare}: exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
            Assert.DoesNotContain(result.Alerts(), a => a.GetProperty("severity").GetString() == "page");
            Assert.Contains(result.Alerts(), a => a.GetProperty("name").GetString() == "ZooKeeperNoFaultTolerance");
            var cluster = result.Json.GetProperty("clusters")[0];
            Assert.Equal(3, cluster.GetProperty("voters").GetInt32());
            Assert.Equal(2, cluster.GetProperty("quorum").GetInt32());
            Assert.Equal(2, cluster.GetProperty("servingVoters").GetInt32());
            Assert.True(cluster.GetProperty("hasQuorum").GetBoolean());
            var members = result.Members().EnumerateArray().ToDictionary(m => m.GetProperty("address").GetString()!);
            Assert.Equal("observer", members[zk.Observers[1].Address.ToString()].GetProperty("role").GetString());
            Assert.Equal("refused", members[observer.Address.ToString()].GetProperty("state").GetString());
        }
    }

    public void Dispose() => _dir.Dispose();
}
