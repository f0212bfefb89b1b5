using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Watches delivery itself, on the worker's health tick: sets the channel gauges, raises or resolves
/// <c>AlertDeliveryFailing</c> (<see cref="DeliveryFailingAlarm"/>), has the <see cref="IncidentReconciler"/> check
/// that no announced change went missing, and once the resume grace has passed since start-up resolves the
/// incidents a previous run left firing that the incident tracker did not confirm.
/// </summary>
internal sealed partial class DeliverySelfCheck(
    DeliveryStatus status,
    DeliveryFailingAlarm alarm,
    OutboxWriter writer,
    IncidentReconciler reconciler,
    DeliveryMetrics metrics,
    DateTimeOffset startedAt,
    TimeSpan resumeGrace,
    TimeProvider time,
    ILogger log)
{
    private readonly ILogger _log = log;

    // Only the health loop calls Check, one tick at a time.
    private bool _leftoversSwept;

    /// <summary>AlertDeliveryFailing for the status API, while it fires. From memory.</summary>
    public IReadOnlyList<AlertReport> Alerts() => alarm.Firing is { } incident ? [incident.RootCause] : [];

    /// <summary>Periodic self-check: raise or resolve AlertDeliveryFailing, reconcile, resolve leftovers, gauges.</summary>
    public void Check()
    {
        status.RefreshSnapshot();
        var now = time.GetUtcNow();
        var channels = status.ChannelReports(now, out var depth, out var oldest);
        metrics.Queue(depth, oldest is { } o ? now - o : null);
        foreach (var c in channels.Where(c => c.Kind != "store"))
        {
            metrics.Failing(c.Name, !c.Healthy);
        }

        if (alarm.Evaluate(channels, now) is { } raised)
        {
            writer.Accept(raised.Change, raised.Targets);
            if (raised.Change.Kind == IncidentChangeKind.Resolved)
            {
                LogDeliveryRecovered();
            }
            else
            {
                LogDeliveryFailing(raised.Change.Incident.Summary);
            }
        }

        reconciler.Check();
        if (!_leftoversSwept && now - startedAt >= resumeGrace)
        {
            _leftoversSwept = true;
            writer.SweepLeftovers();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "AlertDeliveryFailing: {Summary}")]
    private partial void LogDeliveryFailing(string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "AlertDeliveryFailing resolved: every channel delivers again")]
    private partial void LogDeliveryRecovered();
}
