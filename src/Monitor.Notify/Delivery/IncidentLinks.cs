using Monitor.Core.Config;

namespace Monitor.Notify.Delivery;

/// <summary>Links back to the monitor from a notification: the incident page and the runbook.</summary>
public sealed class IncidentLinks(NotifyConfig config)
{
    public Uri Base { get; } = config.ExternalUrl;

    public string Incident(string dedupKey) => $"{Base.ToString().TrimEnd('/')}/incidents/{Uri.EscapeDataString(dedupKey)}";

    public string? Runbook(string alertName) =>
        config.RunbookUrl?.Replace("{alertname}", Uri.EscapeDataString(alertName), StringComparison.Ordinal);
}
