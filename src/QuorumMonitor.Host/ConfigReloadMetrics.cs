using Prometheus;
using QuorumMonitor.Runtime.Reload;

namespace QuorumMonitor.Host;

/// <summary>
/// The reload's own series, as Prometheus's <c>prometheus_config_last_reload_successful</c> and
/// <c>prometheus_config_last_reload_success_timestamp_seconds</c>: alert on the first being 0 (the file on disk is not
/// what runs). Names pinned by MetricNamesTests.
/// </summary>
public sealed class ConfigReloadMetrics
{
    public ConfigReloadMetrics(CollectorRegistry registry, ConfigReloadStatus status)
    {
        var f = Metrics.WithCustomRegistry(registry);
        var successful = f.CreateGauge(MonitorMetrics.Prefix + "config_last_reload_successful",
            "1 when the last config reload succeeded (or none was tried), 0 when it failed and the previous config still runs.");
        var at = f.CreateGauge(MonitorMetrics.Prefix + "config_last_reload_success_timestamp_seconds",
            "Unix time the running config was loaded: start-up or the last successful reload.");
        registry.AddBeforeCollectCallback(() =>
        {
            successful.Set(status.LastReloadSuccessful ? 1 : 0);
            at.Set(status.LoadedAt.ToUnixTimeMilliseconds() / 1000.0);
        });
    }
}
