
namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>
/// Keeps the latest result of every unit, and evaluates a cluster as soon as each of its units has reported since
/// its last evaluation: one evaluation per probe round, with no wait for a timer (a freeze is confirmed a round sooner).
/// </summary>
public sealed class RecordProbeResultHandler(MonitorRuntime runtime, ClusterEvaluator evaluator)
{
    public async ValueTask Handle(ProbeResultObserved notification, CancellationToken cancellationToken)
    {
        runtime.Record(notification.Cluster, notification.Unit, notification.Result);
        if (runtime.IsRoundComplete(notification.Cluster))
        {
            await evaluator.EvaluateAsync(notification.Cluster, cancellationToken).ConfigureAwait(false);
        }
    }
}
