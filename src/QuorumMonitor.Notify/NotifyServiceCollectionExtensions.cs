using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Alertmanager;
using QuorumMonitor.Notify.Delivery;
using QuorumMonitor.Notify.Outbox;
using QuorumMonitor.Notify.PagerDuty;
using QuorumMonitor.Notify.Webhook;
using Prometheus;

namespace QuorumMonitor.Notify;

public static class NotifyServiceCollectionExtensions
{
    public const string HttpClientName = "quorum-monitor-notify";

    /// <summary>
    /// Registers alert delivery for the <c>notify:</c> section: the outbox, one notifier per channel, the
    /// <see cref="DeliveryService"/> as an <see cref="IIncidentListener"/> and the <see cref="DeliveryWorker"/>.
    /// Metrics go to the <see cref="CollectorRegistry"/> registered by the host, or a registry of their own.
    /// </summary>
    public static IServiceCollection AddMonitorNotify(this IServiceCollection services, MonitorConfig config)
    {
        var notify = config.Notify ?? throw new ArgumentException("the config has no notify: section", nameof(config));
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton(config);
        services.AddSingleton(notify);
        services.TryAddSingleton(Randomizer.Shared);
        // No redirects: a receiver moved elsewhere is a config problem to alarm on, and a redirect must not carry a
        // routing key to another host. Bodies are read by HttpDelivery with a cap; the buffer limit is a backstop.
        services.AddHttpClient(HttpClientName, http =>
            {
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.MaxResponseContentBufferSize = 64 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton(sp => OutboxStore.Open(notify.StateFile));
        services.AddSingleton(sp => new DeliveryMetrics(sp.GetService<CollectorRegistry>() ?? Metrics.NewCustomRegistry(), notify.Channels.Select(c => c.Name)));
        services.AddSingleton(new IncidentLinks(notify));
        foreach (var channel in notify.Channels)
        {
            services.AddSingleton(sp => CreateNotifier(channel, notify, sp));
        }

        services.AddSingleton<DeliveryService>();
        services.AddSingleton<IIncidentListener>(sp => sp.GetRequiredService<DeliveryService>());
        services.AddHostedService<DeliveryWorker>();
        return services;
    }

    private static INotifier CreateNotifier(NotifyChannelConfig channel, NotifyConfig notify, IServiceProvider sp)
    {
        var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        var links = sp.GetRequiredService<IncidentLinks>();
        return channel.Kind switch
        {
            NotifyChannelKind.Alertmanager => new AlertmanagerNotifier(channel, http, new AlertmanagerAlerts(links, notify.WatchdogInterval), notify.Timeout, sp.GetRequiredService<TimeProvider>()),
            NotifyChannelKind.PagerDuty => new PagerDutyNotifier(channel, http, new PagerDutyEvents(links), notify.Timeout, sp.GetRequiredService<TimeProvider>()),
            _ => new WebhookNotifier(channel, http, links, notify.Timeout, sp.GetRequiredService<TimeProvider>()),
        };
    }
}
