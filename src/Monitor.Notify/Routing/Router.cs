using Monitor.Core.Config;
using Monitor.Core.Model;

namespace Monitor.Notify.Routing;

/// <summary>Which channels an incident of a severity goes to: every route that takes the severity; the fallback
/// when none does.</summary>
public sealed class Router(NotifyConfig config)
{
    public string? Fallback => config.Fallback;

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
