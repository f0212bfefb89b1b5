using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Runtime;
using QuorumMonitor.Runtime.Confirmation;
using QuorumMonitor.Runtime.Pipeline;
using QuorumMonitor.Runtime.Self;
using QuorumMonitor.Host;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Rules;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>
/// Issue 17, scope 1, on fake time: a state change is confirmed by a fresh round <c>confirmDelay</c> after the
/// evaluation that saw it, not a whole interval later; the other ensemble's units keep their slots to the tick; a
/// flapping member costs a bounded number of extra rounds; a late release timer (an overloaded monitor) hurries
/// nothing; <c>confirmDelay: 0s</c> keeps the old cadence.
/// </summary>
public sealed class FastConfirmationOnFakeTimeTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ConfirmDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);

    /// <summary>A member whose answer the test sets: serving, or refused (killed).</summary>
    private sealed class FakeMember(string cluster, int port, TimeProvider time, TimeSpan deadline) : IProbeUnit
    {
        public volatile bool Down;

        /// <summary>Accepts and never answers (SIGSTOP): the runner's deadline ends each probe.</summary>
        public volatile bool Frozen;

        /// <summary>Serving, but claims to lead: same outcome, a different figure.</summary>
        public volatile bool Leads;

        public string Id => $"{cluster}-{port}:2181";

        public TimeSpan Deadline => deadline;

        /// <summary>Probes begun; the runner's deadline timer exists before a probe begins.</summary>
        public Channel<DateTimeOffset> Started { get; } = Channel.CreateUnbounded<DateTimeOffset>();

        public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
        {
            Started.Writer.TryWrite(time.GetUtcNow());
            if (Frozen)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
            }

            return Observation(Down ? ZooKeeperMemberState.Refused : ZooKeeperMemberState.Serving, time.GetUtcNow());
        }

        public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) =>
            Observation(kind == ProbeFailureKind.Timeout ? ZooKeeperMemberState.Timeout : ZooKeeperMemberState.Error, at) with { Error = message };

        private ZooKeeperMemberResult Observation(ZooKeeperMemberState state, DateTimeOffset at) => new()
        {
            UnitId = Id,
            At = at,
            Duration = TimeSpan.Zero,
            Address = new HostPort($"10.0.0.{port}", 2181),
            State = state,
            Role = state == ZooKeeperMemberState.Serving ? (port == 1 || Leads ? ZooKeeperRole.Leader : ZooKeeperRole.Follower) : null,
        };
    }

    private sealed class FakeEnsemble(string name, IReadOnlyList<FakeMember> members) : IClusterMonitor
    {
        public ClusterRef Cluster { get; } = new(ZooKeeperKind.KindName, name);

        public IReadOnlyList<IProbeUnit> Units => members;

        public ClusterObservation Assemble(IReadOnlyList<ProbeResult?> results, DateTimeOffset at) =>
            new ZooKeeperEnsembleObservation(Cluster, at, results.OfType<ZooKeeperMemberResult>().ToList());
    }

    private sealed class Recorder : IMonitorListener
    {
        public Channel<ZooKeeperMemberResult> Probes { get; } = Channel.CreateUnbounded<ZooKeeperMemberResult>();

        public Channel<(ClusterRef Cluster, IReadOnlyList<AlertTransition> Transitions)> Evaluations { get; } =
            Channel.CreateUnbounded<(ClusterRef, IReadOnlyList<AlertTransition>)>();

        public void OnProbed(ClusterRef cluster, IProbeUnit unit, ProbeResult result) => Probes.Writer.TryWrite((ZooKeeperMemberResult)result);

        public void OnEvaluated(ClusterObservation observation, IReadOnlyList<AlertTransition> transitions) =>
            Evaluations.Writer.TryWrite((observation.Cluster, transitions));
    }

    /// <summary>Two ensembles of three: "zk-a" (the one the test breaks) and "zk-b" (a bystander, half an interval later).</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly ProbeScheduler _scheduler;

        /// <param name="unitDeadline">The members' own deadline; the monitor's default stays 2 s, so that the fallback
        /// evaluation of an overdue round (interval + 2 s) never races the rounds the test steps through.</param>
        public Harness(TimeSpan confirmDelay, TimeSpan? interval = null, TimeSpan? unitDeadline = null)
        {
            Time = new FakeTimeProvider(Start);
            var perUnit = unitDeadline ?? Deadline;
            A = [.. Enumerable.Range(1, 3).Select(p => new FakeMember("zk-a", p, Time, perUnit))];
            B = [.. Enumerable.Range(1, 3).Select(p => new FakeMember("zk-b", p, Time, perUnit))];
            var config = new MonitorConfig { Monitor = new MonitorSettings { Interval = interval ?? Interval, Deadline = Deadline, ConfirmDelay = confirmDelay } };
            _services = new ServiceCollection()
                .AddSingleton<TimeProvider>(Time)
                .AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services
                .AddSingleton<IClusterMonitor>(new FakeEnsemble("zk-a", A))
                .AddSingleton<IClusterMonitor>(new FakeEnsemble("zk-b", B))
                .AddSingleton<IMonitorListener>(Recorder)
                .BuildServiceProvider();
            _scheduler = new ProbeScheduler(_services.GetRequiredService<MonitorRuntime>(), _services.GetRequiredService<PipelineBus>(), config.Monitor,
                _services.GetRequiredService<MonitorLoad>(), _services.GetRequiredService<FastConfirmation>(), NullLogger<ProbeScheduler>.Instance);
        }

        public FakeTimeProvider Time { get; }

        public FakeMember[] A { get; }

        public FakeMember[] B { get; }

        public Recorder Recorder { get; } = new();

        public List<ZooKeeperMemberResult> Probes { get; } = [];

        public List<AlertTransition> Transitions { get; } = [];

        public FastConfirmation Confirmation => _services.GetRequiredService<FastConfirmation>();

        public MonitorLoad Load => _services.GetRequiredService<MonitorLoad>();

        /// <summary>Starts the scheduler: zk-a's first round runs at once.</summary>
        public async Task StartAsync()
        {
            await _scheduler.StartAsync(CancellationToken.None);
            await EvaluatedAsync("zk-a");
        }

        /// <summary>
        /// Moves fake time to <paramref name="offset"/> after the start and waits until each cluster named has been
        /// evaluated once: time never moves while the pipeline still works, so every timer it sets is set on time.
        /// </summary>
        public async Task AtAsync(TimeSpan offset, params string[] evaluated)
        {
            Time.Advance(Start + offset - Time.GetUtcNow());
            foreach (var cluster in evaluated)
            {
                await EvaluatedAsync(cluster);
            }
        }

        public async Task EvaluatedAsync(string cluster)
        {
            using var guard = new CancellationTokenSource(HangGuard);
            while (true)
            {
                var (c, transitions) = await Recorder.Evaluations.Reader.ReadAsync(guard.Token);
                Transitions.AddRange(transitions);
                if (c.Name == cluster)
                {
                    break;
                }
            }

            while (Recorder.Probes.Reader.TryRead(out var p))
            {
                Probes.Add(p);
            }
        }

        /// <summary>Waits until each member named has begun one more probe (a woken loop runs on the thread pool: time
        /// must not move before the probes it starts have set their deadline timers).</summary>
        public static async Task StartedAsync(params FakeMember[] members)
        {
            using var guard = new CancellationTokenSource(HangGuard);
            foreach (var m in members)
            {
                await m.Started.Reader.ReadAsync(guard.Token);
            }
        }

        /// <summary>No evaluation beyond those awaited (the fast round did not happen).</summary>
        public bool NothingMoreEvaluated() => !Recorder.Evaluations.Reader.TryPeek(out _);

        public DateTimeOffset? FiredAt(string alert) =>
            Transitions.Where(t => t.Alert.Name == alert && t.To == AlertState.Firing).Select(t => (DateTimeOffset?)t.At).FirstOrDefault();

        public DateTimeOffset? ResolvedAt(string alert) =>
            Transitions.Where(t => t.Alert.Name == alert && t.To == AlertState.Resolved).Select(t => (DateTimeOffset?)t.At).FirstOrDefault();

        public List<DateTimeOffset> ProbedAt(FakeMember member) => Probes.Where(p => p.UnitId == member.Id).Select(p => p.At).ToList();

        public async ValueTask DisposeAsync()
        {
            await _scheduler.StopAsync(CancellationToken.None);
            await _services.DisposeAsync();
        }
    }

    private static TimeSpan S(double s) => TimeSpan.FromSeconds(s);

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public async Task Two_members_killed_page_quorum_lost_one_confirm_delay_after_the_round_that_saw_it()
    {
        await using var h = new Harness(ConfirmDelay);
        await h.StartAsync();
        await h.AtAsync(S(2.5), "zk-b");
        await h.AtAsync(S(5), "zk-a");
        await h.AtAsync(S(7.5), "zk-b");

        // Killed before zk-a's 10 s slot: that round sees it (pending), the fast round 200 ms later confirms it.
        h.A[0].Down = true;
        h.A[1].Down = true;
        await h.AtAsync(S(10), "zk-a");
        Assert.Null(h.FiredAt(ZooKeeperQuorumLostRule.AlertName));
        await h.AtAsync(S(10.2), "zk-a");
        Assert.Equal(Start + S(10.2), h.FiredAt(ZooKeeperQuorumLostRule.AlertName));

        // Back before the 15 s slot: that round sees it, the fast round 200 ms later resolves the page.
        await h.AtAsync(S(12.5), "zk-b");
        h.A[0].Down = false;
        h.A[1].Down = false;
        await h.AtAsync(S(15), "zk-a");
        Assert.Null(h.ResolvedAt(ZooKeeperQuorumLostRule.AlertName));
        await h.AtAsync(S(15.2), "zk-a");
        Assert.Equal(Start + S(15.2), h.ResolvedAt(ZooKeeperQuorumLostRule.AlertName));
        await h.AtAsync(S(17.5), "zk-b");
        await h.AtAsync(S(20), "zk-a");
        Assert.True(h.NothingMoreEvaluated(), "healthy again, zk-a is back on its interval alone");

        // zk-a kept its slots: the fast rounds are one probe more per member between them. The bystander kept its own to the tick.
        Assert.All(h.A, m => Assert.Equal([Start, Start + S(5), Start + S(10), Start + S(10.2), Start + S(15), Start + S(15.2), Start + S(20)], h.ProbedAt(m)));
        Assert.All(h.B, m => Assert.Equal([Start + S(2.5), Start + S(7.5), Start + S(12.5), Start + S(17.5)], h.ProbedAt(m)));
    }

    [Fact]
    public async Task Without_fast_confirmation_the_page_waits_for_the_next_round()
    {
        await using var h = new Harness(TimeSpan.Zero);
        await h.StartAsync();
        h.A[0].Down = true;
        h.A[1].Down = true;
        await h.AtAsync(S(2.5), "zk-b");
        await h.AtAsync(S(5), "zk-a");
        await h.AtAsync(S(5.2));
        await h.AtAsync(S(7.5), "zk-b");
        Assert.Null(h.FiredAt(ZooKeeperQuorumLostRule.AlertName));
        await h.AtAsync(S(10), "zk-a");

        Assert.Equal(Start + S(10), h.FiredAt(ZooKeeperQuorumLostRule.AlertName));
        Assert.All(h.A, m => Assert.Equal([Start, Start + S(5), Start + S(10)], h.ProbedAt(m)));
    }

    [Fact]
    public async Task An_alert_on_a_steady_outcome_keeps_the_regular_cadence()
    {
        await using var h = new Harness(ConfirmDelay);
        await h.StartAsync();

        // A second member claims to lead: every member still serves (no outcome changed), ZooKeeperLeaderConflict pends.
        h.A[1].Leads = true;
        await h.AtAsync(S(2.5), "zk-b");
        await h.AtAsync(S(5), "zk-a");
        Assert.Contains(h.Transitions, t => t.Alert.Name == ZooKeeperLeaderConflictRule.AlertName && t.To == AlertState.Pending);
        await h.AtAsync(S(5.2));
        await h.AtAsync(S(7.5), "zk-b");
        await h.AtAsync(S(10), "zk-a");

        Assert.Equal(Start + S(10), h.FiredAt(ZooKeeperLeaderConflictRule.AlertName));
        Assert.All(h.A, m => Assert.Equal([Start, Start + S(5), Start + S(10)], h.ProbedAt(m)));
    }

    [Fact]
    public async Task A_confirmation_probe_of_a_frozen_member_that_runs_past_its_slot_stands_in_for_it()
    {
        // 1 s interval, 700 ms deadline: the frozen member's confirmation probe (1.9 s → 2.6 s) runs past its 2 s slot.
        await using var h = new Harness(ConfirmDelay, interval: S(1), unitDeadline: Ms(700));
        await h.StartAsync();
        await Harness.StartedAsync(h.A);
        await h.AtAsync(S(0.5), "zk-b");
        h.A[0].Frozen = true;
        await h.AtAsync(S(1));
        await Harness.StartedAsync(h.A);
        await h.AtAsync(S(1.5), "zk-b");
        await h.AtAsync(S(1.7), "zk-a"); // the frozen member's deadline: the round is complete, MemberDown pends
        Assert.Contains(h.Transitions, t => t.Alert.Name == ZooKeeperMemberDownRule.AlertName && t.To == AlertState.Pending);
        await h.AtAsync(S(1.9));
        Assert.Equal(1, h.Confirmation.Released(0));
        await Harness.StartedAsync(h.A); // the fast round
        await h.AtAsync(S(2));
        await Harness.StartedAsync(h.A[1], h.A[2]); // their regular slot; the frozen member is still in its fast probe
        await h.AtAsync(S(2.5), "zk-b");
        await h.AtAsync(S(2.6), "zk-a"); // the fast round, confirmed by the second timeout

        Assert.Equal(Start + S(2.6), h.FiredAt(ZooKeeperMemberDownRule.AlertName));

        // Its next probe is at the 3 s slot, not at once behind the confirmation probe: no late start.
        Assert.False(h.A[0].Started.Reader.TryRead(out var early), $"the frozen member was probed again at {early - Start} behind its fast probe");
        await h.AtAsync(S(3));
        await Harness.StartedAsync(h.A);
        await h.AtAsync(S(3.5), "zk-b");
        await h.AtAsync(S(3.7), "zk-a");
        var load = h.Load.Read("self");
        Assert.Equal(0, load.LateStarts);
        Assert.True(load.MaxStartLag < TimeSpan.FromMilliseconds(1), $"a probe started {load.MaxStartLag} after its slot");
    }

    [Fact]
    public async Task Fast_rounds_are_bounded_per_interval_so_a_flapping_member_cannot_become_a_probe_storm()
    {
        await using var h = new Harness(ConfirmDelay);
        var zkA = new ClusterRef(ZooKeeperKind.KindName, "zk-a");
        var confirmation = h.Confirmation;

        // Asked after every evaluation, as a member that flaps on each probe would ask: max(confirmRounds, resolveRounds)
        // = 2 releases per interval, then nothing until the next interval.
        for (var i = 0; i < 5; i++)
        {
            confirmation.Request(zkA);
            confirmation.Request(zkA); // a second ask while one is on its timer adds nothing
            h.Time.Advance(ConfirmDelay);
        }

        Assert.Equal(2, confirmation.Released(0));
        h.Time.Advance(Interval);
        confirmation.Request(zkA);
        h.Time.Advance(ConfirmDelay);
        Assert.Equal(3, confirmation.Released(0));
    }

    [Fact]
    public async Task A_release_timer_that_fires_late_hurries_nothing_and_tells_the_monitor_it_ran_late()
    {
        await using var h = new Harness(ConfirmDelay);
        await h.StartAsync();
        await h.AtAsync(S(2.5), "zk-b");
        h.A[0].Down = true;
        h.A[1].Down = true;
        await h.AtAsync(S(5), "zk-a");

        // The monitor stalls: the release timer due at 5.2 s runs at 6.0 s, 800 ms late, past the lateness bound.
        Assert.Null(h.Load.WhyNotTrusted(h.Time.GetUtcNow()));
        await h.AtAsync(S(6));
        Assert.Contains("late", h.Load.WhyNotTrusted(h.Time.GetUtcNow()), StringComparison.Ordinal);
        await h.AtAsync(S(7.5), "zk-b");
        Assert.Null(h.FiredAt(ZooKeeperQuorumLostRule.AlertName));
        await h.AtAsync(S(10), "zk-a");

        Assert.Equal(Start + S(10), h.FiredAt(ZooKeeperQuorumLostRule.AlertName));
        Assert.All(h.A, m => Assert.Equal([Start, Start + S(5), Start + S(10)], h.ProbedAt(m)));
    }
}
