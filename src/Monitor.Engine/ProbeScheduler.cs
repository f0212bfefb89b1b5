using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Monitor.Core.Config;
using Monitor.Engine.Pipeline;

namespace Monitor.Engine;

/// <summary>
/// The long-running loop of <c>monitor run</c>: every probe unit on its own timer (a frozen member delays only its own
/// next probe), an evaluation timer, and the pipeline dispatcher that runs the handlers. Producers only enqueue.
/// </summary>
public sealed partial class ProbeScheduler(MonitorRuntime runtime, PipelineBus bus, MonitorSettings settings, ILogger<ProbeScheduler> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task> { bus.DispatchAsync(stoppingToken) };
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
                var result = await runtime.ProbeUnitAsync(cluster, unit, stoppingToken).ConfigureAwait(false);
                bus.Post(new ProbeResultObserved(cluster, unit, result));
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
        while (await TickAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task EvaluationLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Interval, runtime.Time);
        while (await TickAsync(timer, stoppingToken).ConfigureAwait(false))
        {
            bus.Post(EvaluationDue.Instance);
        }
    }

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
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
