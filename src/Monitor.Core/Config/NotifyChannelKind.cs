namespace Monitor.Core.Config;

public enum NotifyChannelKind
{
    Alertmanager,
    PagerDuty,
    Webhook,
}
