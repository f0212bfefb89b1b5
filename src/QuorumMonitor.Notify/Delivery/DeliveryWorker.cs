using QuorumMonitor.Core.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Notify.Alertmanager;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Runs delivery: the outbox writer, one sender per channel (in order, head of line first, so a dead receiver delays only its own
/// channel), the Watchdog and re-send of firing alerts to each Alertmanager channel, and the self-check that raises
/// <c>AlertDeliveryFailing</c>.
/// </summary>
public sealed partial class DeliveryWorker(DeliveryService service, TimeProvider time, ILogger<DeliveryWorker> log) : BackgroundService
{
    private static readonly TimeSpan AfterCrash = TimeSpan.FromSeconds(1);
    private readonly StateChangeLog _loopFailures = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The writer runs on a thread of its own: its SQLite calls block (up to the busy timeout) while another
        // process holds the file, and that must not take a pool thread the senders or the web host need.
        var loops = new List<Task> { Task.Factory.StartNew(() => WriterLoopAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap() };
        foreach (var notifier in service.Notifiers)
        {
            loops.Add(SendLoopAsync(notifier, stoppingToken));
            if (notifier is AlertmanagerNotifier am)
            {
                loops.Add(HeartbeatLoopAsync(am, stoppingToken));
            }
        }

        loops.Add(HealthLoopAsync(stoppingToken));
        return Task.WhenAll(loops);
    }

    private async Task SendLoopAsync(INotifier notifier, CancellationToken stoppingToken)
    {
        var name = notifier.Channel.Name;
        var pacer = notifier.Channel.Kind == NotifyChannelKind.PagerDuty ? new Pacer(notifier.Channel.EventsPerMinute) : null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var head = service.Head(name);
                if (head is null)
                {
                    await service.WaitForWorkAsync(name, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var now = time.GetUtcNow();
                var wait = head.NextAttemptAt - now;
                if (pacer?.WaitBefore(now) is { } pace && pace > wait)
                {
                    wait = pace;
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                pacer?.Sent(now);
                using var activity = MonitorActivitySources.Notify.StartActivity("notify");
                activity?.SetTag("monitor.channel", name);
                activity?.SetTag("monitor.incident", head.Notification.DedupKey);
                activity?.SetTag("monitor.action", head.Notification.Action.ToString());
                var outcome = await notifier.SendAsync(head.Notification, stoppingToken).ConfigureAwait(false);
                activity?.SetTag("monitor.outcome", outcome.Reason);
                if (outcome.IsRateLimited)
                {
                    pacer?.RateLimited(time.GetUtcNow());
                }

                service.Record(head, outcome);
                Recovered(name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Failed(ex, name);
                await DelayQuietlyAsync(AfterCrash, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task HeartbeatLoopAsync(AlertmanagerNotifier am, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(service.Config.WatchdogInterval, time);
        do
        {
            try
            {
                using var activity = MonitorActivitySources.Notify.StartActivity("watchdog");
                activity?.SetTag("monitor.channel", am.Channel.Name);
                var outcome = await am.SyncAsync(() => service.FiringFor(am.Channel.Name), service.StartedAt, stoppingToken).ConfigureAwait(false);
                activity?.SetTag("monitor.outcome", outcome.Reason);
                service.RecordHeartbeat(am.Channel.Name, outcome);
                Recovered(am.Channel.Name + " watchdog");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Failed(ex, am.Channel.Name + " watchdog");
            }
        }
        while (await TickAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task HealthLoopAsync(CancellationToken stoppingToken)
    {
        var period = service.Config.FailingAfter / 4;
        period = period < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : period > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : period;
        using var timer = new PeriodicTimer(period, time);
        do
        {
            try
            {
                service.CheckHealth();
                Recovered("delivery health check");
            }
            catch (Exception ex)
            {
                Failed(ex, "delivery health check");
            }
        }
        while (await TickAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private async Task WriterLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await service.RunWriterAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Failed(ex, "outbox writer");
                await DelayQuietlyAsync(AfterCrash, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Once when a loop starts failing (or fails differently), not every second it keeps failing.</summary>
    private void Failed(Exception ex, string loop)
    {
        if (_loopFailures.Failing(loop, ex.GetType().Name + ": " + ex.Message))
        {
            LogLoopFailed(ex, loop);
        }
    }

    private void Recovered(string loop)
    {
        if (_loopFailures.Recovered(loop))
        {
            LogLoopRecovered(loop);
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

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "delivery loop of {Channel} failed; it keeps running, retrying every second (logged again only when the failure changes)")]
    private partial void LogLoopFailed(Exception ex, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "delivery loop of {Channel} works again")]
    private partial void LogLoopRecovered(string channel);
}
