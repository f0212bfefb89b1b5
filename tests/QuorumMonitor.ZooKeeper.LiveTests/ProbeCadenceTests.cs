using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Runtime;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Host;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.ZooKeeper.Probes;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>
/// A frozen member must not slow down the probes of the other members (issue 2, must-show 4), on a real ensemble.
/// How late a timer fires on a busy machine is not the product's to promise, so the frozen member's overrun is
/// measured against a control in the same scheduler: an in-process unit with the same deadline that never answers.
/// The exact arithmetic (deadline to the tick) is shown on fake time by <c>ProbeCadenceOnFakeTimeTests</c>.
/// </summary>
public class ProbeCadenceTests(EnsembleFixture fixture) : IClassFixture<EnsembleFixture>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(1500);

    private sealed class Recorder : IMonitorListener
    {
        public ConcurrentQueue<(string Unit, DateTimeOffset At, ZooKeeperMemberState State, TimeSpan Duration)> Probes { get; } = new();

        public void OnProbed(ClusterRef cluster, IProbeUnit unit, ProbeResult result) =>
            Probes.Enqueue((unit.Id, result.At, ((ZooKeeperMemberResult)result).State, result.Duration));

        public void OnEvaluated(ClusterObservation observation, IReadOnlyList<AlertTransition> transitions)
        {
        }
    }

    /// <summary>A unit that hangs inside this process: its overrun is the machine's and the runtime's, nothing else's.</summary>
    private sealed class HangingUnit(TimeProvider time) : IProbeUnit
    {
        public string Id => "control";

        public TimeSpan Deadline => ProbeCadenceTests.Deadline;

        public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        }

        public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) => new ZooKeeperMemberResult
        {
            UnitId = Id,
            At = at,
            Duration = elapsed,
            Address = new HostPort("control", 1),
            State = ZooKeeperMemberState.Timeout,
            Error = message,
        };
    }

    private sealed class ControlCluster(TimeProvider time) : IClusterMonitor
    {
        public ClusterRef Cluster { get; } = new(ZooKeeperKind.KindName, "control");

        public IReadOnlyList<IProbeUnit> Units { get; } = [new HangingUnit(time)];

        public ClusterObservation Assemble(IReadOnlyList<ProbeResult?> results, DateTimeOffset at) =>
            new ZooKeeperEnsembleObservation(Cluster, at, results.OfType<ZooKeeperMemberResult>().ToList());
    }

    [Fact]
    public async Task Other_members_keep_their_cadence_while_one_is_frozen()
    {
        using var ensemble = ZooKeeperEnsemble.Start(3, fixture.Ports, fixture.Directory, "cadence");
        await ensemble.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        var config = new MonitorConfig
        {
            Monitor = new MonitorSettings { Interval = Interval, Deadline = Deadline, ConfirmDelay = TimeSpan.Zero /* exact cadence; fast rounds: FastConfirmationOnFakeTimeTests */ },
        }.WithZooKeeper([ensemble.ToConfig("cadence")]);
        var recorder = new Recorder();
        await using var services = new ServiceCollection()
            .AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services
            .AddSingleton<IClusterMonitor>(new ControlCluster(TimeProvider.System))
            .AddSingleton<IMonitorListener>(recorder)
            .BuildServiceProvider();
        var scheduler = new ProbeScheduler(services.GetRequiredService<MonitorRuntime>(), services.GetRequiredService<QuorumMonitor.Runtime.Pipeline.PipelineBus>(), config.Monitor, services.GetRequiredService<QuorumMonitor.Runtime.Self.MonitorLoad>(), services.GetRequiredService<QuorumMonitor.Runtime.Confirmation.FastConfirmation>(), NullLogger<ProbeScheduler>.Instance);
        // A follower: a frozen leader would send the others into an election, and they would rightly stop serving.
        var leader = await ensemble.FindLeaderAsync();
        var frozen = ensemble.Members.First(m => m != leader);
        frozen.Freeze();
        try
        {
            await scheduler.StartAsync(CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(6));
            await scheduler.StopAsync(CancellationToken.None);
        }
        finally
        {
            frozen.Resume();
        }

        var byUnit = recorder.Probes.GroupBy(p => p.Unit).ToDictionary(g => g.Key, g => g.OrderBy(p => p.At).ToList());
        var control = byUnit["control"];
        var frozenProbes = byUnit[frozen.Address.ToString()];
        Assert.NotEmpty(control);
        Assert.NotEmpty(frozenProbes);
        Assert.All(frozenProbes, p => Assert.Equal(ZooKeeperMemberState.Timeout, p.State));

        // The socket path adds nothing to the deadline: the frozen member overruns no more than the in-process control.
        var controlOverrun = control.Max(p => p.Duration) - Deadline;
        var slack = TimeSpan.FromMilliseconds(250);
        Assert.All(frozenProbes, p => Assert.True(p.Duration - Deadline <= controlOverrun + slack,
            $"frozen probe took {p.Duration.TotalMilliseconds:0} ms, the control at most {(Deadline + controlOverrun).TotalMilliseconds:0} ms"));

        foreach (var healthy in ensemble.Members.Where(m => m != frozen))
        {
            var probes = byUnit[healthy.Address.ToString()];
            Assert.All(probes, p => Assert.Equal(ZooKeeperMemberState.Serving, p.State));

            // Had the frozen member's deadline leaked into their schedule, every gap would be >= 1.5 s and ~4 probes would
            // run. One long gap is a stall of the whole process (the control overran then too), so the typical gap is the
            // test, and the longest may exceed a deadline by no more than the control's worst lateness.
            var gaps = probes.Zip(probes.Skip(1), (a, b) => b.At - a.At).Order().ToList();
            var median = gaps[gaps.Count / 2];
            Assert.True(probes.Count >= 10, $"{healthy.Address}: only {probes.Count} probes in 6 s at a 250 ms interval");
            Assert.True(median < Deadline / 2, $"{healthy.Address}: median gap {median.TotalMilliseconds:0} ms");
            Assert.True(gaps[^1] < Deadline + controlOverrun + slack, $"{healthy.Address}: longest gap {gaps[^1].TotalMilliseconds:0} ms, the control overran {controlOverrun.TotalMilliseconds:0} ms");
        }
    }
}
