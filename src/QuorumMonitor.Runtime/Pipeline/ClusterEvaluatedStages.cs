using Mediator;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>
/// The stages after the rules, in this order (written here, not left to the order Mediator calls handlers in):
/// the fast-confirmation request (first, so its short timer starts before slower stages run), incidents (with the common-cause and self-trust inputs they judge by), the transition log, then the listeners
/// (metrics), so that what the metrics and the log show of an evaluation already includes its incidents.
/// </summary>
public sealed class ClusterEvaluatedStages(RequestConfirmationHandler confirmation, CorrelateAlertsHandler incidents, LogTransitionsHandler log, NotifyListenersHandler listeners)
    : INotificationHandler<ClusterEvaluated>
{
    public async ValueTask Handle(ClusterEvaluated notification, CancellationToken cancellationToken)
    {
        await confirmation.Handle(notification, cancellationToken).ConfigureAwait(false);
        await incidents.Handle(notification, cancellationToken).ConfigureAwait(false);
        await log.Handle(notification, cancellationToken).ConfigureAwait(false);
        await listeners.Handle(notification, cancellationToken).ConfigureAwait(false);
    }
}
