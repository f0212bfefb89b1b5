using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>One log line per alert state change: the record an operator greps for afterwards.</summary>
public sealed partial class LogTransitionsHandler(ILogger<LogTransitionsHandler> log)
{
    public ValueTask Handle(ClusterEvaluated notification, CancellationToken cancellationToken)
    {
        foreach (var t in notification.Transitions)
        {
            LogTransition(t.Alert.Name, t.Alert.Cluster, t.From, t.To, t.Alert.Summary);
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert {Alert} on {Cluster}: {From} -> {To}: {Summary}")]
    private partial void LogTransition(string alert, string cluster, AlertState from, AlertState to, string summary);
}
