using Mediator;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Incidents;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>
/// The fallback tick: evaluates a cluster whose round never completed (a unit keeps failing to report) once it is a
/// whole interval plus deadline overdue, with the latest results it has; and lets the incident tracker close what is quiet.
/// </summary>
public sealed class EvaluateClustersHandler(MonitorRuntime runtime, ClusterEvaluator evaluator, IncidentTracker incidents, MonitorSettings settings)
    : INotificationHandler<EvaluationDue>
{
    public async ValueTask Handle(EvaluationDue notification, CancellationToken cancellationToken)
    {
        var overdue = settings.Interval + settings.Deadline;
        for (var c = 0; c < runtime.Clusters.Count; c++)
        {
            if (!runtime.IsRetired(c) && runtime.HasResultForEveryUnit(c) && runtime.HasUnevaluatedResults(c) && runtime.SinceEvaluation(c) >= overdue)
            {
                await evaluator.EvaluateAsync(c, cancellationToken).ConfigureAwait(false);
            }
        }

        incidents.Tick();
    }
}
