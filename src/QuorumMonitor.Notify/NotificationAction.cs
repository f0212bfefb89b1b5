namespace QuorumMonitor.Notify;

public enum NotificationAction
{
    /// <summary>Open or update the incident at the receiver (PagerDuty trigger, Alertmanager firing alert).</summary>
    Trigger,

    /// <summary>Close it (PagerDuty resolve, Alertmanager alert with endsAt in the past).</summary>
    Resolve,
}
