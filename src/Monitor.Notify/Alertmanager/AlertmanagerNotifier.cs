using System.Text.Json.Nodes;
using Monitor.Core.Config;
using Monitor.Notify.Delivery;

namespace Monitor.Notify.Alertmanager;

/// <summary>
/// Alertmanager v2 API. Every member of an HA cluster gets every alert (members gossip silences and the notification
/// log, not alerts). A message counts as delivered once one member accepted it: the periodic re-send of firing alerts
/// (<see cref="SyncAsync"/>) brings a member that was down up to date.
/// </summary>
public sealed class AlertmanagerNotifier(NotifyChannelConfig channel, HttpClient http, AlertmanagerAlerts alerts, TimeSpan timeout, TimeProvider time) : INotifier
{
    public NotifyChannelConfig Channel => channel;

    public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken) =>
        PostAsync(new JsonArray(alerts.Alert(notification, time.GetUtcNow())), cancellationToken);

    /// <summary>Re-sends every firing alert and the Watchdog, as Prometheus re-sends firing alerts.</summary>
    public Task<DeliveryOutcome> SyncAsync(IEnumerable<Notification> firing, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var array = new JsonArray(alerts.Watchdog(startedAt, now));
        foreach (var n in firing)
        {
            array.Add(alerts.Alert(n, now));
        }

        return PostAsync(array, cancellationToken);
    }

    private async Task<DeliveryOutcome> PostAsync(JsonArray body, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString();
        var outcomes = await Task.WhenAll(channel.Urls.Select(u =>
            HttpDelivery.PostJsonAsync(http, new Uri(u.ToString().TrimEnd('/') + "/api/v2/alerts"), json, timeout, null, cancellationToken))).ConfigureAwait(false);
        if (outcomes.Any(o => o.Kind == DeliveryOutcomeKind.Delivered))
        {
            return DeliveryOutcome.Delivered;
        }

        // All members failed: the most actionable failure speaks for the channel.
        return outcomes.OrderByDescending(o => o.Kind switch
        {
            DeliveryOutcomeKind.Refused => 3,
            DeliveryOutcomeKind.Transient => 2,
            _ => 1,
        }).First() is var worst && outcomes.Length > 1
            ? worst with { Detail = string.Join("; ", outcomes.Select(o => o.Detail)) }
            : worst;
    }
}
