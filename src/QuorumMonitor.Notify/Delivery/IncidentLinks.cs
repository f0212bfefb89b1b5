using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>Links back to the monitor from a notification: the incident page and the runbook.</summary>
public sealed class IncidentLinks(NotifyConfig config)
{
    public Uri Base { get; } = config.ExternalUrl;

    /// <summary>The incident as the running monitor knows it (its tracker id: after a restart it may differ from the dedup key).</summary>
    public string Incident(string incidentId) => $"{Base.ToString().TrimEnd('/')}/api/v1/incidents/{Uri.EscapeDataString(incidentId)}";

    public string? Runbook(string alertName) =>
        config.RunbookUrl?.Replace("{alertname}", Uri.EscapeDataString(alertName), StringComparison.Ordinal);
}
