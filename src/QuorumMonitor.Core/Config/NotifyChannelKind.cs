namespace QuorumMonitor.Core.Config;

public enum NotifyChannelKind
{
    Alertmanager,
    PagerDuty,
    Webhook,
}
