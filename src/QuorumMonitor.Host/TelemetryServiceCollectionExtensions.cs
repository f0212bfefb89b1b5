using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace QuorumMonitor.Host;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Exports traces (probe rounds, evaluations, notifications) and OTel metrics over OTLP, when configured.</summary>
    public static IServiceCollection AddMonitorTelemetry(this IServiceCollection services, TelemetrySettings settings)
    {
        if (settings.OtlpEndpoint is not { } endpoint)
        {
            return services;
        }

        var protocol = settings.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName))
            .WithTracing(t => t
                .AddSource([.. MonitorActivitySources.All])
                .AddOtlpExporter(o =>
                {
                    o.Protocol = protocol;
                    o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint, "v1/traces") : endpoint;
                    o.BatchExportProcessorOptions.ScheduledDelayMilliseconds = 1000;
                }))
            .WithMetrics(m => m
                .AddMeter(MonitorMeter.Name)
                .AddOtlpExporter((o, reader) =>
                {
                    o.Protocol = protocol;
                    o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint, "v1/metrics") : endpoint;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5000;
                }));
        return services;
    }
}
