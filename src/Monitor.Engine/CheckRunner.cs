using Monitor.Core.Model;

namespace Monitor.Engine;

/// <summary>What <c>monitor check</c> does: a fixed number of rounds, started one interval apart, then the verdict.</summary>
public static class CheckRunner
{
    public static async Task<StatusReport> RunAsync(MonitorRuntime runtime, int rounds, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        for (var round = 0; round < rounds; round++)
        {
            var started = runtime.Time.GetTimestamp();
            await runtime.RunRoundAsync(cancellationToken).ConfigureAwait(false);
            var wait = interval - runtime.Time.GetElapsedTime(started);
            if (round < rounds - 1 && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, runtime.Time, cancellationToken).ConfigureAwait(false);
            }
        }

        return runtime.Report();
    }
}
