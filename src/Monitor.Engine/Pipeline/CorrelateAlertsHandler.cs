using Mediator;
using Monitor.Correlation;

namespace Monitor.Engine.Pipeline;

/// <summary>Feeds alert changes to the incident engine, and member states to the common-cause detector.</summary>
public sealed class CorrelateAlertsHandler(IncidentEngine incidents, CommonCauseDetector commonCause) : INotificationHandler<ClusterEvaluated>
{
    public ValueTask Handle(ClusterEvaluated notification, CancellationToken cancellationToken)
    {
        commonCause.Observe(notification.Observation.Cluster, notification.Observation.MemberStatuses(), notification.Observation.At);
        if (notification.Transitions.Count > 0)
        {
            incidents.Apply(notification.Transitions);
        }

        return ValueTask.CompletedTask;
    }
}
