using QuorumMonitor.Core.Self;
using QuorumMonitor.Incidents;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>
/// Feeds alert changes to the incident tracker and the monitor's own reading to its trust in itself (before the alerts
/// of the same evaluation, so a late round is judged as suspect). The common-cause detector saw the member states
/// already, before the rules (<see cref="ClusterEvaluator"/>).
/// </summary>
public sealed class CorrelateAlertsHandler(IncidentTracker incidents, MonitorTrust trust)
{
    public ValueTask Handle(ClusterEvaluated notification, CancellationToken cancellationToken)
    {
        if (notification.Observation is MonitorSelfObservation self)
        {
            trust.Observe(self.Overloaded, self.Load is { Overloaded: true } l ? string.Join("; ", l.Overload) : null, self.At);
        }

        if (notification.Transitions.Count > 0)
        {
            incidents.Apply(notification.Transitions);
        }

        return ValueTask.CompletedTask;
    }
}
