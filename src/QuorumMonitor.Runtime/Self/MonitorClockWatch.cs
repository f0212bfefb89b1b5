using Microsoft.Extensions.Hosting;

namespace QuorumMonitor.Runtime.Self;

/// <summary>
/// A timer that asks for nothing but to fire on time, as Node's event-loop delay monitor does. A starved process
/// (too little CPU, a backed-up thread pool) runs every continuation late — the one reading an answer that has already
/// arrived, the one firing a probe's deadline — and this one too. Its lateness is therefore the first sign that the
/// timeouts being measured right now are the monitor's own doing, seen within a fraction of a deadline, before two
/// rounds of them can confirm an alert. The punctual probes' late starts say the same, but only once the backlog
/// reaches the scheduler.
/// </summary>
public sealed class MonitorClockWatch(MonitorLoad load, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Half the lateness that counts, so a stall is seen (as an overdue tick) well before it has lasted twice that.
        var period = load.LateAfter / 2;
        var due = time.GetUtcNow() + period;
        while (!stoppingToken.IsCancellationRequested)
        {
            load.ClockTickDue(due);
            try
            {
                var wait = due - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var now = time.GetUtcNow();
            load.ClockTicked(now - due);
            due = now + period;
        }
    }
}
