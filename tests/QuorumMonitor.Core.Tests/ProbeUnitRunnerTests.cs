using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Core.Tests;

/// <summary>The runner's deadline on fake time: exact to the tick, whatever the machine's load.</summary>
public class ProbeUnitRunnerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private sealed record Result(string Text) : ProbeResult;

    private sealed class Unit(Func<CancellationToken, Task> body, TimeSpan deadline, TimeProvider time) : IProbeUnit
    {
        public string Id => "unit";

        public TimeSpan Deadline => deadline;

        public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
        {
            await body(cancellationToken);
            return new Result("ok") { UnitId = Id, At = time.GetUtcNow(), Duration = TimeSpan.Zero };
        }

        public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) =>
            new Result($"{kind}: {message}") { UnitId = Id, At = at, Duration = elapsed };
    }

    private static FakeTimeProvider NewTime() => new(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_unit_that_ignores_cancellation_is_abandoned_at_its_deadline_plus_the_grace()
    {
        var time = NewTime();
        var unit = new Unit(_ => new TaskCompletionSource().Task, TimeSpan.FromMilliseconds(200), time);

        var run = new ProbeUnitRunner(time).RunAsync(unit, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(200) + Grace - TimeSpan.FromMilliseconds(1));
        Assert.False(run.IsCompleted, "abandoned before deadline + grace");
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = (Result)await run.WaitAsync(HangGuard);

        Assert.Equal("Timeout: no answer within 200 ms", result.Text);
        Assert.Equal(TimeSpan.FromMilliseconds(200) + Grace, result.Duration);
    }

    [Fact]
    public async Task A_unit_that_honours_cancellation_times_out_at_its_deadline_exactly()
    {
        var time = NewTime();
        var unit = new Unit(ct => Task.Delay(Timeout.InfiniteTimeSpan, time, ct), TimeSpan.FromMilliseconds(100), time);

        var run = new ProbeUnitRunner(time).RunAsync(unit, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(run.IsCompleted, "gave up before its deadline");
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = (Result)await run.WaitAsync(HangGuard);

        Assert.StartsWith("Timeout", result.Text, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMilliseconds(100), result.Duration);
    }

    [Fact]
    public async Task A_throwing_unit_becomes_an_error_result()
    {
        var time = NewTime();
        var unit = new Unit(_ => throw new InvalidDataException("garbled answer"), TimeSpan.FromSeconds(1), time);

        var result = (Result)await new ProbeUnitRunner(time).RunAsync(unit, CancellationToken.None);

        Assert.Equal("Error: garbled answer", result.Text);
    }

    [Fact]
    public async Task A_healthy_unit_returns_its_own_result()
    {
        var time = NewTime();
        var unit = new Unit(_ => Task.CompletedTask, TimeSpan.FromSeconds(1), time);

        var result = (Result)await new ProbeUnitRunner(time).RunAsync(unit, CancellationToken.None);

        Assert.Equal("ok", result.Text);
    }

    [Fact]
    public async Task Stopping_the_monitor_cancels_a_running_unit_without_a_timeout_result()
    {
        var time = NewTime();
        var unit = new Unit(ct => Task.Delay(Timeout.InfiniteTimeSpan, time, ct), TimeSpan.FromSeconds(1), time);
        using var stopping = new CancellationTokenSource();

        var run = new ProbeUnitRunner(time).RunAsync(unit, stopping.Token);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task When_its_timers_fire_late_together_the_units_own_answer_wins_over_the_backstop()
    {
        var time = NewTime();
        var gate = new TaskCompletionSource();
        var unit = new Unit(async ct =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
            }
            catch (OperationCanceledException)
            {
                // The unit's own deadline path, which needs CPU the stalled process has not given it yet.
                await gate.Task;
                throw new InvalidDataException("own verdict: hung in the query phase");
            }
        }, TimeSpan.FromMilliseconds(200), time);

        var run = new ProbeUnitRunner(time).RunAsync(unit, CancellationToken.None);

        // The process was held up: both the unit's deadline and the runner's backstop are long due at once.
        time.Advance(TimeSpan.FromMilliseconds(200) + Grace + TimeSpan.FromMilliseconds(300));
        gate.SetResult();
        var result = (Result)await run.WaitAsync(HangGuard);

        Assert.Equal("Error: own verdict: hung in the query phase", result.Text);
    }
}
