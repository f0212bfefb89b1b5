using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Runtime;
using QuorumMonitor.Runtime.Pipeline;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Host;
using QuorumMonitor.ZooKeeper.Probes;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>
/// The scheduler's promise on fake time: a frozen member costs exactly its own deadline and never a slot of another
/// member; healthy members keep their interval to the tick. No socket, no wall clock. (A unit that even ignores
/// cancellation is abandoned at deadline + grace: <c>ProbeUnitRunnerTests</c>.)
/// </summary>
public sealed class ProbeCadenceOnFakeTimeTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    /// <summary>A member that answers at once, or (frozen) never answers, like a SIGSTOPped JVM whose socket still accepts.</summary>
    private sealed class FakeMember(int port, bool frozen, TimeProvider time) : IProbeUnit
    {
        public string Id => $"10.0.0.{port}:2181";

        public TimeSpan Deadline => ProbeCadenceOnFakeTimeTests.Deadline;

        /// <summary>Probes begun; the runner's deadline timer exists before a probe begins.</summary>
        public Channel<DateTimeOffset> Started { get; } = Channel.CreateUnbounded<DateTimeOffset>();

        public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
        {
            Started.Writer.TryWrite(time.GetUtcNow());
            if (frozen)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
            }

            return Observation(ZooKeeperMemberState.Serving, time.GetUtcNow(), TimeSpan.Zero);
        }

        public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) =>
            Observation(kind == ProbeFailureKind.Timeout ? ZooKeeperMemberState.Timeout : ZooKeeperMemberState.Error, at, elapsed) with { Error = message };

        private ZooKeeperMemberResult Observation(ZooKeeperMemberState state, DateTimeOffset at, TimeSpan duration) => new()
        {
            UnitId = Id,
            At = at,
            Duration = duration,
            Address = new HostPort($"10.0.0.{port}", 2181),
            State = state,
            Role = state == ZooKeeperMemberState.Serving ? (port == 2 ? ZooKeeperRole.Leader : ZooKeeperRole.Follower) : null,
        };
    }

    private sealed class FakeEnsemble(IReadOnlyList<FakeMember> members) : IClusterMonitor
    {
        public ClusterRef Cluster { get; } = new(ZooKeeperKind.KindName, "cadence");

        public IReadOnlyList<IProbeUnit> Units => members;

        public ClusterObservation Assemble(IReadOnlyList<ProbeResult?> results, DateTimeOffset at) =>
            new ZooKeeperEnsembleObservation(Cluster, at, results.OfType<ZooKeeperMemberResult>().ToList());
    }

    /// <summary>Hands every recorded probe to the test, so it waits for the pipeline instead of sleeping.</summary>
    private sealed class Recorder : IMonitorListener
    {
        public Channel<ZooKeeperMemberResult> Probes { get; } = Channel.CreateUnbounded<ZooKeeperMemberResult>();

        public void OnProbed(ClusterRef cluster, IProbeUnit unit, ProbeResult result) => Probes.Writer.TryWrite((ZooKeeperMemberResult)result);

        public void OnEvaluated(ClusterObservation observation, IReadOnlyList<AlertTransition> transitions)
        {
        }
    }

    [Fact]
    public async Task A_frozen_member_costs_its_own_deadline_and_no_slot_of_the_others()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));
        var members = new[] { new FakeMember(1, frozen: true, time), new FakeMember(2, frozen: false, time), new FakeMember(3, frozen: false, time) };
        var config = new MonitorConfig { Monitor = new MonitorSettings { Interval = Interval, Deadline = Deadline, ConfirmDelay = TimeSpan.Zero /* exact cadence; fast rounds: FastConfirmationOnFakeTimeTests */ } };
        var recorder = new Recorder();
        await using var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services
            .AddSingleton<IClusterMonitor>(new FakeEnsemble(members))
            .AddSingleton<IMonitorListener>(recorder)
            .BuildServiceProvider();
        var scheduler = new ProbeScheduler(services.GetRequiredService<MonitorRuntime>(), services.GetRequiredService<PipelineBus>(), config.Monitor, services.GetRequiredService<QuorumMonitor.Runtime.Self.MonitorLoad>(), services.GetRequiredService<QuorumMonitor.Runtime.Confirmation.FastConfirmation>(), NullLogger<ProbeScheduler>.Instance);
        var seen = new List<ZooKeeperMemberResult>();

        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            // The first round runs at once: both healthy members answer before any time passes.
            await ReadAsync(recorder.Probes, seen, 2);
            await ReadAsync(members[0].Started, [], 1);
            for (var tick = 1; tick <= 20; tick++)
            {
                time.Advance(Interval);

                // Each tick both healthy members are probed again; every 6th (1.5 s, the deadline) the frozen one gives
                // up and, its tick long due, is probed again at once.
                var frozenGaveUp = tick % 6 == 0;
                await ReadAsync(recorder.Probes, seen, frozenGaveUp ? 3 : 2);
                if (frozenGaveUp)
                {
                    await ReadAsync(members[0].Started, [], 1);
                }
            }
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }

        var frozen = seen.Where(p => p.UnitId == members[0].Id).ToList();
        Assert.Equal(3, frozen.Count);
        Assert.All(frozen, p => Assert.Equal(ZooKeeperMemberState.Timeout, p.State));
        Assert.All(frozen, p => Assert.Equal(Deadline, p.Duration));

        foreach (var healthy in members.Skip(1))
        {
            var probes = seen.Where(p => p.UnitId == healthy.Id).ToList();
            Assert.Equal(21, probes.Count);
            Assert.All(probes, p => Assert.Equal(ZooKeeperMemberState.Serving, p.State));
            Assert.All(probes.Zip(probes.Skip(1), (a, b) => b.At - a.At), gap => Assert.Equal(Interval, gap));
        }
    }

    /// <summary>Waits for the pipeline, not for the clock: the guard only turns a hang into a failure.</summary>
    private static async Task ReadAsync<T>(Channel<T> channel, List<T> seen, int count)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        for (var i = 0; i < count; i++)
        {
            seen.Add(await channel.Reader.ReadAsync(guard.Token));
        }
    }
}
