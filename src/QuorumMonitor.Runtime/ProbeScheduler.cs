using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Runtime.Confirmation;
using QuorumMonitor.Runtime.Pipeline;
using QuorumMonitor.Runtime.Self;

namespace QuorumMonitor.Runtime;

/// <summary>
/// The long-running loop of <c>monitor run</c>: every probe unit on its own schedule (a frozen member delays only its
/// own next probe), an evaluation timer, and the pipeline dispatcher that runs the handlers. Producers only enqueue.
/// A unit's slots are fixed (its cluster's phase plus whole intervals): a probe that starts late is measured against
/// its slot, and slots that passed while a unit was busy or late are skipped and counted, never run late in a burst.
/// Clusters are spread over the interval so that thousands of them do not all connect in the same millisecond.
/// Between slots a unit may be probed once more for <see cref="FastConfirmation"/>; that probe keeps the slots.
/// </summary>
public sealed partial class ProbeScheduler(MonitorRuntime runtime, PipelineBus bus, MonitorSettings settings, MonitorLoad load, FastConfirmation confirmation, ILogger<ProbeScheduler> log) : BackgroundService
{
    private readonly List<Task> _added = [];
    private readonly Lock _addedLock = new();
    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var loops = new List<Task> { bus.DispatchAsync(stoppingToken) };
        var start = runtime.Time.GetUtcNow();
        var clusters = runtime.Clusters.Count;
        load.Clusters = clusters;
        for (var c = 0; c < clusters; c++)
        {
            loops.Add(ClusterLoopsAsync(c, start + (settings.Interval * c / clusters), stoppingToken));
        }

        loops.Add(EvaluationLoopAsync(stoppingToken));
        runtime.ClusterAdded += StartAdded;
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            runtime.ClusterAdded -= StartAdded;
        }

        Task[] added;
        lock (_addedLock)
        {
            added = [.. _added];
        }

        await Task.WhenAll(added).ConfigureAwait(false);
    }

    /// <summary>A reload added a cluster: its loops start now, its first slot a phase into the interval like the others'.</summary>
    private void StartAdded(int cluster)
    {
        var phase = settings.Interval * (cluster % Math.Max(1, runtime.Clusters.Count)) / Math.Max(1, runtime.Clusters.Count);
        var loops = ClusterLoopsAsync(cluster, runtime.Time.GetUtcNow() + phase, _stopping);
        lock (_addedLock)
        {
            _added.RemoveAll(t => t.IsCompleted);
            _added.Add(loops);
        }
    }

    /// <summary>The unit loops of one cluster, until shutdown or until a reload retires it; a retired monitor is then disposed.</summary>
    private async Task ClusterLoopsAsync(int cluster, DateTimeOffset firstSlot, CancellationToken stoppingToken)
    {
        var monitor = runtime.Clusters[cluster];
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, runtime.Stopping(cluster));
        var units = new Task[monitor.Units.Count];
        for (var u = 0; u < units.Length; u++)
        {
            units[u] = UnitLoopAsync(cluster, u, firstSlot, linked.Token);
        }

        await Task.WhenAll(units).ConfigureAwait(false);
        if (runtime.IsRetired(cluster) && monitor is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private async Task UnitLoopAsync(int cluster, int unit, DateTimeOffset firstSlot, CancellationToken stoppingToken)
    {
        var time = runtime.Time;
        var interval = settings.Interval;
        var slot = firstSlot;
        var served = confirmation.Released(cluster);
        while (!stoppingToken.IsCancellationRequested)
        {
            var confirming = false;
            try
            {
                confirming = await confirmation.WaitAsync(cluster, served, slot - time.GetUtcNow(), stoppingToken).ConfigureAwait(false);

                // Read before the probe: a confirmation released while it runs asks for one more.
                served = confirmation.Released(cluster);
                if (!confirming)
                {
                    load.ProbeStarted(time.GetUtcNow() - slot);
                }

                var result = await runtime.ProbeUnitAsync(cluster, unit, stoppingToken).ConfigureAwait(false);
                var silent = result.Outcome.Contains("timeout", StringComparison.Ordinal) || result.Outcome is "refused" or "unreachable";
                if (result.Outcome.Contains("timeout", StringComparison.Ordinal))
                {
                    load.TimedOut(cluster);
                }

                if (runtime.Clusters[cluster].Cluster.Kind != ClusterKinds.Monitor)
                {
                    load.Probed(cluster, answered: !silent);
                }

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

            if (confirming)
            {
                // A confirmation probe that ran past the unit's slot (a frozen unit costs its deadline) stands in for
                // that slot: probing it again right behind would be a late start of the monitor's own making.
                if (time.GetUtcNow() > slot)
                {
                    slot = NextSlot(slot, time.GetUtcNow(), interval, out _);
                }

                continue;
            }

            slot = NextSlot(slot, time.GetUtcNow(), interval, out var skipped);
            if (skipped > 0)
            {
                load.SlotsSkipped(skipped);
            }
        }
    }

    /// <summary>
    /// The first slot after <paramref name="slot"/> that has not begun yet (one beginning right now counts as not yet
    /// begun: it is taken at once), and how many slots in between passed unprobed.
    /// </summary>
    public static DateTimeOffset NextSlot(DateTimeOffset slot, DateTimeOffset now, TimeSpan interval, out long skipped)
    {
        var passed = (now - slot).Ticks / interval.Ticks;
        if (passed <= 0)
        {
            skipped = 0;
            return slot + interval;
        }

        var next = slot + (interval * passed);
        if (next < now)
        {
            skipped = passed;
            return next + interval;
        }

        skipped = passed - 1;
        return next;
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
