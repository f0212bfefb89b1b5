using System.Diagnostics;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 18, must-show 4 (live part): <c>monitor check --format nagios</c> run as Nagios runs a plugin, a separate
/// process on the default settings, finishes inside Nagios's 10 s default plugin timeout with one member frozen, and
/// its output parses with the guidelines' perfdata reader.
/// </summary>
public sealed class CheckNagiosTests : IDisposable
{
    private static readonly TimeSpan NagiosPluginTimeout = TimeSpan.FromSeconds(10);
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    [Fact]
    public async Task One_frozen_member_is_a_warning_with_perfdata_well_inside_the_plugin_timeout()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "nagios");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        // A follower: a frozen leader would send the others into an election, a different (and timing-dependent) story.
        var leader = await zk.FindLeaderAsync();
        var frozen = zk.Members.First(m => m != leader);
        var config = Path.Combine(_dir.Root, "nagios.yaml");
        // No monitor: section: the default deadline, rounds and interval are what a Nagios service would run.
        await File.WriteAllTextAsync(config, $"zookeeper:\n{zk.ToYaml("zk-realtime")}");
        var startUp = await StartUpAsync();

        frozen.Freeze();
        try
        {
            // Until the leader drops the frozen follower it still counts it synced, and the monitor says MonitorCannotReach.
            await ZooKeeperEnsemble.WaitForSyncedFollowersAsync(leader!, 1, TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();
            using var check = new MonitorProcess("check", "--config", config, "--format", "nagios");
            var exit = await check.WaitForExitAsync(TimeSpan.FromSeconds(60));
            clock.Stop();

            // The check's own schedule must fit in Nagios's 10 s; how long this loaded machine takes to start a .NET
            // process is no part of it, so it is measured (the same binary, the same load, a check that stops at its
            // config) and taken off.
            Assert.True(clock.Elapsed - startUp < NagiosPluginTimeout,
                $"took {clock.Elapsed.TotalSeconds:0.0} s, of which start-up {startUp.TotalSeconds:0.0} s; Nagios kills a plugin at 10 s. stdout:\n{check.Stdout}");
            Assert.Equal(1, exit);
            var output = NagiosPluginOutput.Parse(check.Stdout);
            Assert.StartsWith("WARNING - 0 page(s), ", output.Text, StringComparison.Ordinal);
            Assert.Contains("ZooKeeperNoFaultTolerance on zookeeper/zk-realtime", output.Text, StringComparison.Ordinal);
            var serving = output["zk-realtime_serving_voters"];
            Assert.Equal((2d, 0d, 3d), (serving.Value!.Value, serving.Min!.Value, serving.Max!.Value));
            var tolerance = output["zk-realtime_fault_tolerance"];
            Assert.Equal(0, tolerance.Value);
            Assert.Equal(1, tolerance.State);
            Assert.Contains(output.LongText, l => l.StartsWith("WARNING ZooKeeperMemberDown: ", StringComparison.Ordinal)
                && l.Contains(frozen.Address.ToString(), StringComparison.Ordinal));
        }
        finally
        {
            frozen.Resume();
        }
    }

    /// <summary>The same executable, to exit 3 on a config that names no servers: process start, argument and config parsing.</summary>
    private async Task<TimeSpan> StartUpAsync()
    {
        var invalid = Path.Combine(_dir.Root, "invalid.yaml");
        await File.WriteAllTextAsync(invalid, "zookeeper:\n  - name: zk\n");
        var clock = Stopwatch.StartNew();
        using var check = new MonitorProcess("check", "--config", invalid, "--format", "nagios");
        Assert.Equal(3, await check.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        return clock.Elapsed;
    }

    public void Dispose() => _dir.Dispose();
}
