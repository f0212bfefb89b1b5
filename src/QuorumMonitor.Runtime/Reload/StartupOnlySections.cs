using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Runtime.Reload;

/// <summary>
/// The sections a reload does not apply: they shape the whole monitor (its cadence and alert timing, correlation
/// windows, delivery and its state file, the API tokens, permits, telemetry), so they take effect at start-up only.
/// A reload whose file changes one of them fails as a whole, naming the section, and the running config stays: a
/// monitor half on the old file and half on the new one would be worse than either.
/// </summary>
public static class StartupOnlySections
{
    public static IReadOnlyList<ConfigError> Changed(MonitorConfig running, MonitorConfig next)
    {
        var sections = new (string Name, object? Before, object? After)[]
        {
            ("monitor", running.Monitor, next.Monitor),
            ("correlation", running.Correlation, next.Correlation),
            ("telemetry", running.Telemetry, next.Telemetry),
            ("permits", running.Permits, next.Permits),
            ("api", running.Api, next.Api),
            ("notify", running.Notify, next.Notify),
        };
        return [.. sections
            .Where(s => !ConfigFingerprint.Same(s.Before, s.After))
            .Select(s => new ConfigError(s.Name, 0,
                "changed, but a reload applies only the clusters (each kind's section); restart the monitor to apply this section, or undo the change"))];
    }
}
