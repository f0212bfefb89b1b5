using System.Diagnostics;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.MySql;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.Timing;
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
        // Warm: the first probe of this process loads and JITs the client library, which is no delay the frozen
        // primary caused; the replica's probe below is then timed against the frozen primary's deadline alone.
        Assert.Equal(MySqlInstanceState.Ok, (await Probes.RunAsync(Probes.For(_pair, MySqlRole.Primary, TimeSpan.FromSeconds(30)))).State);
        Assert.Equal(MySqlInstanceState.Ok, (await Probes.RunAsync(Probes.For(_pair, MySqlRole.Replica, TimeSpan.FromSeconds(30)))).State);
        _pair.Primary.Freeze();
        MySqlInstanceResult frozen;
        MySqlInstanceResult replica;
        TimeSpan controlOverrun;
        try
        {
            var control = DeadlineControl.Start(deadline);
            var watch = Stopwatch.StartNew();
            var frozenTask = Probes.RunAsync(Probes.For(_pair, MySqlRole.Primary, deadline));
            replica = await Probes.RunAsync(Probes.For(_pair, MySqlRole.Replica, deadline));
            var replicaDone = watch.Elapsed;
            frozen = await frozenTask;
            controlOverrun = await control.StopAsync();

            Assert.True(replicaDone < deadline, $"the replica's probe took {replicaDone}, as long as the frozen primary's deadline");
        }
        finally
        {
            _pair.Primary.Resume();
        }

        Assert.Equal(MySqlInstanceState.HandshakeTimeout, frozen.State);
        Assert.Contains("TCP accepted, no server greeting", frozen.Error, StringComparison.Ordinal);
        Assert.Null(frozen.GreetingTime);
        // At its deadline, not before (exact on fake time: ProbeUnitRunnerTests); and no later than an in-process unit
        // with the same deadline, hung at the same time, was let go: a loaded machine's timer lateness is not the
        // probe's, MySqlConnector's connect timeout (seconds) would be. Slack: the runner's grace plus the control's stagger.
        Assert.True(frozen.Duration >= deadline - TimeSpan.FromMilliseconds(50), $"timed out after {frozen.Duration}, before its deadline {deadline}");
        Assert.True(frozen.Duration - deadline <= controlOverrun + TimeSpan.FromMilliseconds(250) + (deadline / 4),
            $"frozen probe took {frozen.Duration.TotalMilliseconds:0} ms, the control at most {(deadline + controlOverrun).TotalMilliseconds:0} ms");
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
