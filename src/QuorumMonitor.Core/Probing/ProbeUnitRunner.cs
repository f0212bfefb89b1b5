namespace QuorumMonitor.Core.Probing;

/// <summary>
/// Runs a unit under its deadline and never lets it overrun: even a unit that ignores cancellation is abandoned
/// (and its late result dropped) once the deadline has passed, so one hung target stalls nothing else.
/// </summary>
public sealed class ProbeUnitRunner(TimeProvider time)
{
    /// <summary>Slack past the deadline for a unit to notice cancellation and return what it has.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(250);

    /// <summary>How late the backstop may fire before the runner takes it for a stalled process rather than a hung unit.</summary>
    private static readonly TimeSpan LateBy = TimeSpan.FromMilliseconds(50);

    public async Task<ProbeResult> RunAsync(IProbeUnit unit, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(unit.Deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        Task<ProbeResult>? probe = null;
        try
        {
            probe = unit.ProbeAsync(linked.Token);
            return await probe.WaitAsync(unit.Deadline + Grace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!cancellationToken.IsCancellationRequested && probe is not null
            && time.GetElapsedTime(started) > unit.Deadline + Grace + LateBy)
        {
            // This timer fired late: the whole process was held up (a loaded machine, a GC pause), so the unit's own
            // deadline, due a grace earlier, has not had its turn yet either — or has just had it, while this
            // continuation waited for a thread. Either way its result knows more (the phase it hung in, what it learnt
            // before) than the backstop's: take it if it is there, give it its turn if not.
            return await SecondChanceAsync(unit, probe, at, started, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Abandon(unit, probe, ex, at, started);
        }
    }

    private ProbeResult Abandon(IProbeUnit unit, Task<ProbeResult>? probe, Exception ex, DateTimeOffset at, long started)
    {
        if (probe is { IsCompleted: false })
        {
            // Abandoned: observe its eventual fault so it never surfaces as an unobserved exception.
            _ = probe.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        var elapsed = time.GetElapsedTime(started);
        return ex is OperationCanceledException or TimeoutException
            ? unit.Failed(ProbeFailureKind.Timeout, $"no answer within {unit.Deadline.TotalMilliseconds:0} ms", at, elapsed)
            : unit.Failed(ProbeFailureKind.Error, ex.Message, at, elapsed);
    }

    private async Task<ProbeResult> SecondChanceAsync(IProbeUnit unit, Task<ProbeResult> probe, DateTimeOffset at, long started, CancellationToken cancellationToken)
    {
        try
        {
            return await probe.WaitAsync(Grace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Abandon(unit, probe, ex, at, started);
        }
    }
}
