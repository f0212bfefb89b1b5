using System.Text.Json;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Delivery;

namespace QuorumMonitor.Notify.Webhook;

/// <summary>
/// A generic JSON webhook: <c>{version, action, dedupKey, severity, summary, url, at, incident}</c> where incident is the
/// status API's incident document. Answers are classified like PagerDuty's (see <see cref="HttpDelivery.Classify"/>).
/// </summary>
public sealed class WebhookNotifier(NotifyChannelConfig channel, HttpClient http, IncidentLinks links, TimeSpan timeout, TimeProvider time) : INotifier
{
    public NotifyChannelConfig Channel => channel;

    public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var body = new WebhookMessage(
            1,
            Names.Kebab(notification.Action),
            notification.DedupKey,
            notification.Incident.Severity,
            notification.Incident.Summary,
            links.Incident(notification.Incident.Id),
            notification.At,
            notification.Incident);
        return HttpDelivery.PostJsonAsync(http, channel.Urls[0], JsonSerializer.Serialize(body, MonitorJson.Compact), timeout, null, time, cancellationToken);
    }

    private sealed record WebhookMessage(
        int Version,
        string Action,
        string DedupKey,
        Severity Severity,
        string Summary,
        string Url,
        DateTimeOffset At,
        IncidentReport Incident);
}
