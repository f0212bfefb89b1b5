using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Notify.Routing;

/// <summary>Which channels an incident of a severity goes to: every route that takes the severity; the fallback
/// when none does. The monitor's own incidents (<c>MonitorOverloaded</c>) go to its owners, the fallback, when there is one.</summary>
public sealed class Router(NotifyConfig config)
{
    public string? Fallback => config.Fallback;

    public IReadOnlyList<string> ChannelsFor(IncidentReport incident) =>
        incident.RootCause.Kind == ClusterKinds.Monitor && config.Fallback is { } owners ? [owners] : ChannelsFor(incident.Severity);

    public IReadOnlyList<string> ChannelsFor(Severity severity)
    {
        var channels = config.Routes
            .Where(r => r.Severities.Contains(severity))
            .SelectMany(r => r.Channels)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (channels.Count == 0 && config.Fallback is not null)
        {
            channels.Add(config.Fallback);
        }

        return channels;
    }
}
