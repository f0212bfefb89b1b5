using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitor.Core.Config;

namespace Monitor.Engine;

/// <summary>
/// The long-running loop of <c>monitor run</c>: every probe unit on its own timer (a frozen member delays only its own
/// next probe), and one evaluation loop that assembles clusters from the latest results and runs the rules.
/// </summary>
public sealed partial class ProbeScheduler(MonitorRuntime runtime, MonitorSettings settings, ILogger<ProbeScheduler> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        for (var c = 0; c < runtime.Clusters.Count; c++)
        {
            for (var u = 0; u < runtime.Clusters[c].Units.Count; u++)
            {
                loops.Add(UnitLoopAsync(c, u, stoppingToken));
            }
        }

        loops.Add(EvaluationLoopAsync(stoppingToken));
        return Task.WhenAll(loops);
    }

    private async Task UnitLoopAsync(int cluster, int unit, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval, runtime.Time);
        do
        {
            try
            {
                await runtime.ProbeUnitAsync(cluster, unit, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLoopFailed(ex, runtime.Clusters[cluster].Units[unit].Id);
            }
        }
        while (await Tick(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task EvaluationLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval, runtime.Time);
        do
        {
            for (var c = 0; c < runtime.Clusters.Count; c++)
            {
                if (!runtime.HasResultForEveryUnit(c))
                {
                    continue;
                }

                try
                {
                    runtime.EvaluateCluster(c);
                }
                catch (Exception ex)
                {
                    LogLoopFailed(ex, runtime.Clusters[c].Cluster.ToString());
                }
            }
        }
        while (await Tick(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "probe loop of {Target} failed; it keeps running")]
    private partial void LogLoopFailed(Exception ex, string target);
}
