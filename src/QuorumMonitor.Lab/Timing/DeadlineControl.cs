using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Lab.Timing;

/// <summary>
/// How late a deadline fires in this process right now: units that never answer, run by the same
/// <see cref="ProbeUnitRunner"/> with the same deadline as the probe under test, back to back while it runs. A loaded
/// machine delays every timer of the process alike, so a probe that ends at its own deadline overruns it no more than
/// the control does; a probe waiting on a library timeout overruns by seconds more. Several staggered loops, so that
/// a stall shorter than a deadline still lands on one of the control's deadlines.
/// </summary>
public sealed class DeadlineControl : IAsyncDisposable
{
    private const int Loops = 4;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task<TimeSpan>> _loops;

    private DeadlineControl(TimeSpan deadline, TimeProvider time)
    {
        Deadline = deadline;
        var runner = new ProbeUnitRunner(time);
        _loops = Enumerable.Range(0, Loops).Select(i => LoopAsync(runner, new HangingUnit(deadline, time), deadline * i / Loops, time)).ToList();
    }

    public TimeSpan Deadline { get; }

    /// <summary>Starts measuring; start it before the probe under test, stop it after.</summary>
    public static DeadlineControl Start(TimeSpan deadline, TimeProvider? time = null) => new(deadline, time ?? TimeProvider.System);

    /// <summary>Stops after each loop's current run and returns the largest overrun seen (zero or more).</summary>
    public async Task<TimeSpan> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        var overruns = await Task.WhenAll(_loops).ConfigureAwait(false);
        return overruns.Max();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task<TimeSpan> LoopAsync(ProbeUnitRunner runner, HangingUnit unit, TimeSpan offset, TimeProvider time)
    {
        await Task.Yield();
        var worst = TimeSpan.Zero;
        try
        {
            await Task.Delay(offset, time, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before this loop's first run: the other loops have runs of their own.
        }

        // Each run completes even once stopped (the runner is not cancelled), so every loop that started has a sample.
        do
        {
            var result = await runner.RunAsync(unit, CancellationToken.None).ConfigureAwait(false);
            var overrun = result.Duration - Deadline;
            worst = overrun > worst ? overrun : worst;
        }
        while (!_stop.IsCancellationRequested);

        return worst;
    }

    private sealed record ControlResult : ProbeResult;

    private sealed class HangingUnit(TimeSpan deadline, TimeProvider time) : IProbeUnit
    {
        public string Id => "deadline-control";

        public TimeSpan Deadline => deadline;

        public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable: the delay never ends but by cancellation");
        }

        public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) =>
            new ControlResult { UnitId = Id, At = at, Duration = elapsed };
    }
}
