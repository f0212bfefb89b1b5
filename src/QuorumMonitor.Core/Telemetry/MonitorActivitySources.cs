using System.Diagnostics;

namespace QuorumMonitor.Core.Telemetry;

/// <summary>
/// One <see cref="ActivitySource"/> per area, named so a collector can keep or drop each: probes, rule evaluation,
/// notification delivery. Sources are inert (no allocation) until a listener such as the OTLP exporter subscribes.
/// </summary>
public static class MonitorActivitySources
{
    public const string ProbesName = "QuorumMonitor.Probes";
    public const string RulesName = "QuorumMonitor.Rules";
    public const string NotifyName = "QuorumMonitor.Notify";

    public static ActivitySource Probes { get; } = new(ProbesName);

    public static ActivitySource Rules { get; } = new(RulesName);

    public static ActivitySource Notify { get; } = new(NotifyName);

    public static IReadOnlyList<string> All { get; } = [ProbesName, RulesName, NotifyName];
}
