using System.Diagnostics;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.MySql;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.MySql;
using QuorumMonitor.MySql.Probes;

namespace QuorumMonitor.MySql.Tests;

/// <summary>A frozen primary and a killed one, on a pair of their own: they are different states, and neither delays the replica.</summary>
public sealed class FreezeAndKillTests : IAsyncLifetime, IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();
    private MariaDbReplicationPair _pair = null!;

    public async Task InitializeAsync() => _pair = await MariaDbReplicationPair.StartAsync(_ports, _dir, "freeze");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Frozen_primary_is_a_handshake_timeout_within_its_deadline_and_the_replica_probe_is_not_delayed_then_killed_it_is_refused()
    {
        var deadline = TimeSpan.FromMilliseconds(1500);
        _pair.Primary.Freeze();
        MySqlInstanceObservation frozen;
        MySqlInstanceObservation replica;
        try
        {
            var watch = Stopwatch.StartNew();
            var frozenTask = Probes.RunAsync(Probes.For(_pair, MySqlRole.Primary, deadline));
            replica = await Probes.RunAsync(Probes.For(_pair, MySqlRole.Replica, deadline));
            var replicaDone = watch.Elapsed;
            frozen = await frozenTask;

            Assert.True(replicaDone < deadline, $"the replica's probe took {replicaDone}, as long as the frozen primary's deadline");
        }
        finally
        {
            _pair.Primary.Resume();
        }

        Assert.Equal(MySqlInstanceState.HandshakeTimeout, frozen.State);
        Assert.Contains("TCP accepted, no server greeting", frozen.Error, StringComparison.Ordinal);
        Assert.Null(frozen.GreetingTime);
        // At its deadline, not before; the upper bound leaves a loaded machine's timer lateness (exact on fake time:
        // ProbeUnitRunnerTests) and stays below two deadlines.
        Assert.InRange(frozen.Duration, deadline - TimeSpan.FromMilliseconds(50), (deadline * 2) - TimeSpan.FromMilliseconds(50));
        Assert.Equal(MySqlInstanceState.Ok, replica.State);
        Assert.True(replica.Replication?.SqlThreadRunning);

        _pair.Primary.Kill();
        var killed = await Probes.RunAsync(Probes.For(_pair, MySqlRole.Primary, deadline));

        Assert.Equal(MySqlInstanceState.Refused, killed.State);
        Assert.True(killed.Duration < deadline, $"a refused connection is known at once, took {killed.Duration}");
    }

    public void Dispose()
    {
        _pair?.Dispose();
        _dir.Dispose();
    }
}
