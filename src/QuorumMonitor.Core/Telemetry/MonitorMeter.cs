using System.Diagnostics.Metrics;

namespace QuorumMonitor.Core.Telemetry;

/// <summary>
/// OpenTelemetry metrics, exported over OTLP when configured, for teams whose metrics pipeline is OTel rather than a
/// Prometheus scrape. The Prometheus names on <c>/metrics</c> remain the reference set.
/// </summary>
public static class MonitorMeter
{
    public const string Name = "QuorumMonitor";

    private static readonly Meter Meter = new(Name);

    public static Histogram<double> ProbeDuration { get; } =
        Meter.CreateHistogram<double>("quorum_monitor.probe.duration", unit: "s", description: "Duration of one probe of one unit.");

    public static Counter<long> AlertTransitions { get; } =
        Meter.CreateCounter<long>("quorum_monitor.alert.transitions", description: "Alert state changes, by alert and new state.");
}
