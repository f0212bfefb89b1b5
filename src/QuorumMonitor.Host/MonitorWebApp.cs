using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Sharding;
using QuorumMonitor.Incidents;
using QuorumMonitor.Runtime;
using QuorumMonitor.Runtime.DurableIncidents;
using QuorumMonitor.Runtime.Permits;
using QuorumMonitor.Runtime.Reload;
using QuorumMonitor.Runtime.Self;
using QuorumMonitor.Notify;
using QuorumMonitor.Notify.Delivery;
using Prometheus;

namespace QuorumMonitor.Host;

/// <summary>The <c>monitor run</c> service: the probe scheduler plus its HTTP API.</summary>
public static class MonitorWebApp
{
    public static WebApplication Build(MonitorConfig config, IReadOnlyList<string> urls, Action<IServiceCollection>? configure = null)
    {
        var allowedHosts = HostAllowList.For(config.Monitor.AllowedHosts, urls);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The surface takes no request bodies and short URLs; anything bigger is not a client of ours.
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024;
            kestrel.Limits.MaxRequestLineSize = 4 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 50;
            kestrel.Limits.MaxConcurrentConnections = 256;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
        });
        builder.Services.AddHostFiltering(o =>
        {
            o.AllowedHosts = [.. allowedHosts];
            o.IncludeFailureMessage = false;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services.AddMonitorSelfCheck(config);
        builder.Services.AddSingleton<MonitorMetrics>();
        builder.Services.AddSingleton<IMonitorListener>(sp => sp.GetRequiredService<MonitorMetrics>());
        builder.Services.AddHostedService<ProbeScheduler>();
        builder.Services.AddPermitApi(config);
        builder.Services.AddConfigReload().AddSingleton<ConfigReloadMetrics>();
        builder.Services.AddMonitorTelemetry(config.Telemetry);
        // One registry for /metrics, created on its own so that metric owners (delivery, the monitor) never depend on each other.
        builder.Services.AddSingleton(_ => Metrics.NewCustomRegistry());
        if (config.Notify is not null)
        {
            builder.Services.AddMonitorNotify(config);
            builder.Services.AddIncidentStore(config.Notify.StateFile);
        }

        configure?.Invoke(builder.Services);

        var app = builder.Build();
        var page = ReadStatusPage();
        var headers = SecurityHeaders.ForPage(page);
        app.UseHostFiltering();
        app.Use((context, next) =>
        {
            headers.Apply(context);
            return next(context);
        });
        // On the monitor's clock, the one /healthz compares against (a fake one in tests).
        var started = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        app.MapGet("/healthz", (MonitorRuntime runtime) =>
        {
            // Healthy while evaluations keep coming; a stalled scheduler must show here, not go quiet.
            var now = runtime.Time.GetUtcNow();
            var limit = (config.Monitor.Interval * 3) + config.Monitor.Deadline;
            if (runtime.LastEvaluatedAt is { } last)
            {
                return now - last <= limit
                    ? Results.Text("ok\n")
                    : Results.Text($"stalled: last evaluation {(now - last).TotalSeconds:0}s ago\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return now - started <= limit
                ? Results.Text("starting\n")
                : Results.Text("no evaluation yet\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/api/v1/status", (MonitorRuntime runtime, ConfigReloadStatus reload, ConfigReloader reloader, PermitBroker permits, IServiceProvider sp) =>
            Results.Json(WithDelivery(runtime.Report() with { Config = reload.Report(runtime), Shard = ShardReports.Of(reloader.Running), Permits = permits.Report() }, sp.GetService<DeliveryService>()), MonitorJson.Options));
        app.MapGet("/api/v1/incidents", (IncidentTracker incidents) => Results.Json(new { incidents = incidents.Incidents() }, MonitorJson.Options));
        app.MapGet("/api/v1/incidents/{id}", (string id, IncidentTracker incidents) =>
            incidents.Find(id) is { } incident
                ? Results.Json(incident, MonitorJson.Options)
                : Results.Json(new { error = $"no incident '{id}'" }, MonitorJson.Options, statusCode: StatusCodes.Status404NotFound));
        app.MapDeadLetters();
        app.MapPermits();
        app.MapFleetLock();
        app.MapReload();
        _ = app.Services.GetRequiredService<MonitorMetrics>(); // its families appear on /metrics from the first scrape
        _ = app.Services.GetRequiredService<ConfigReloadMetrics>();
        // Scrapers GET (or HEAD); anything else is 405, as for every other route.
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorRegistry>())
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        return app;
    }

    /// <summary>Delivery health joins the verdict: pages that cannot get out are themselves a page (AlertDeliveryFailing).</summary>
    private static StatusReport WithDelivery(StatusReport report, DeliveryService? delivery)
    {
        if (delivery is null)
        {
            return report;
        }

        IReadOnlyList<AlertReport> alerts = [.. report.Alerts, .. delivery.Alerts()];
        // Copy the report whole, so a field added to it later can never be dropped here.
        return report with
        {
            Status = report.Status == MonitorStatus.Unknown ? report.Status : StatusReport.StatusOf(alerts),
            Alerts = alerts,
            Delivery = delivery.Report(),
        };
    }

    private static string ReadStatusPage()
    {
        using var stream = typeof(MonitorWebApp).Assembly.GetManifestResourceStream("StatusPage.index.html")
            ?? throw new InvalidOperationException("status page resource is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
