using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Runtime;

/// <summary>What <c>monitor check</c> does: a fixed number of rounds, started one interval apart, then the verdict.</summary>
public static class CheckRunner
{
    public static async Task<StatusReport> RunAsync(MonitorPipeline pipeline, int rounds, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var time = pipeline.Runtime.Time;
        for (var round = 0; round < rounds; round++)
        {
            var started = time.GetTimestamp();
            await pipeline.RunRoundAsync(cancellationToken).ConfigureAwait(false);
            var wait = interval - time.GetElapsedTime(started);
            if (round < rounds - 1 && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }

        return pipeline.Runtime.Report();
    }
}
