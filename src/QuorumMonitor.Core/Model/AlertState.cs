namespace QuorumMonitor.Core.Model;

/// <summary>Life cycle of one alert, as in Prometheus: a condition must hold to be confirmed before it fires.</summary>
public enum AlertState
{
    Inactive,
    Pending,
    Firing,
    Resolved,
}
