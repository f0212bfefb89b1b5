using Mediator;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>
/// What happens to one probe result, in this order (written here, not left to the order Mediator calls handlers in):
/// the listeners (metrics) hear of the probe, then the result is recorded, which may evaluate its cluster.
/// A result of a cluster a reload retired while it was in flight is dropped: its series and alerts are gone.
/// </summary>
public sealed class ProbeResultStages(MonitorRuntime runtime, NotifyListenersHandler listeners, RecordProbeResultHandler record) : INotificationHandler<ProbeResultObserved>
{
    public async ValueTask Handle(ProbeResultObserved notification, CancellationToken cancellationToken)
    {
        if (runtime.IsRetired(notification.Cluster))
        {
            return;
        }

        await listeners.Handle(notification, cancellationToken).ConfigureAwait(false);
        await record.Handle(notification, cancellationToken).ConfigureAwait(false);
    }
}
