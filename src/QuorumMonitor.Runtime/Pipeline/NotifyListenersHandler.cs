using Microsoft.Extensions.Logging;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>Hands pipeline events to <see cref="IMonitorListener"/>s (metrics); a failing listener is logged, never fatal.</summary>
public sealed partial class NotifyListenersHandler(MonitorRuntime runtime, IEnumerable<IMonitorListener> listeners, ILogger<NotifyListenersHandler> log)
{
    private readonly IReadOnlyList<IMonitorListener> _listeners = listeners.ToList();

    public ValueTask Handle(ProbeResultObserved notification, CancellationToken cancellationToken)
    {
        var cluster = runtime.Clusters[notification.Cluster];
        foreach (var listener in _listeners)
        {
            try
            {
                listener.OnProbed(cluster.Cluster, cluster.Units[notification.Unit], notification.Result);
            }
            catch (Exception ex)
            {
                LogListenerFailed(ex);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask Handle(ClusterEvaluated notification, CancellationToken cancellationToken)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                listener.OnEvaluated(notification.Observation, notification.Transitions);
            }
            catch (Exception ex)
            {
                LogListenerFailed(ex);
            }
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "a monitor listener failed")]
    private partial void LogListenerFailed(Exception ex);
}
