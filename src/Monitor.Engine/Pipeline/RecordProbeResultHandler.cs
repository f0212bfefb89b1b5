using Mediator;

namespace Monitor.Engine.Pipeline;

/// <summary>Keeps the latest result of every unit: what the next evaluation assembles clusters from.</summary>
public sealed class RecordProbeResultHandler(MonitorRuntime runtime) : INotificationHandler<ProbeResultObserved>
{
    public ValueTask Handle(ProbeResultObserved notification, CancellationToken cancellationToken)
    {
        runtime.Record(notification.Cluster, notification.Unit, notification.Result);
        return ValueTask.CompletedTask;
    }
}
