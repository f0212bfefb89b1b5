using System.Text.Json.Nodes;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Notify.Delivery;

namespace QuorumMonitor.Notify.Alertmanager;

/// <summary>
/// Alertmanager v2 API. Every member of an HA cluster gets every alert (members gossip silences and the notification
/// log, not alerts). A message counts as delivered once one member accepted it: the periodic re-send of firing alerts
/// (<see cref="SyncAsync"/>) brings a member that was down up to date.
/// </summary>
public sealed class AlertmanagerNotifier(NotifyChannelConfig channel, HttpClient http, AlertmanagerAlerts alerts, TimeSpan timeout, TimeProvider time) : INotifier, IDisposable
{
    // One post at a time: a re-send of "firing" must not overtake the resolve that follows it.
    private readonly SemaphoreSlim _serial = new(1, 1);

    public NotifyChannelConfig Channel => channel;

    public async Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PostAsync(new JsonArray(alerts.Alert(notification, time.GetUtcNow())), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>Re-sends every firing alert and the Watchdog, as Prometheus re-sends firing alerts.</summary>
    /// <param name="firing">Read once the previous post has finished, so it reflects every resolve already sent.</param>
    public async Task<DeliveryOutcome> SyncAsync(Func<IEnumerable<Notification>> firing, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await _serial.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var array = new JsonArray(alerts.Watchdog(startedAt, now));
            foreach (var n in firing())
            {
                array.Add(alerts.Alert(n, now));
            }

            return await PostAsync(array, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _serial.Release();
        }
    }

    public void Dispose() => _serial.Dispose();

    private async Task<DeliveryOutcome> PostAsync(JsonArray body, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString();
        var outcomes = await Task.WhenAll(channel.Urls.Select(u =>
            HttpDelivery.PostJsonAsync(http, new Uri(u.ToString().TrimEnd('/') + "/api/v2/alerts"), json, timeout, null, time, cancellationToken))).ConfigureAwait(false);
        if (outcomes.Any(o => o.Kind == DeliveryOutcomeKind.Delivered))
        {
            return DeliveryOutcome.Delivered;
        }

        // All members failed: the most actionable failure speaks for the channel.
        return outcomes.OrderByDescending(o => o.Kind switch
        {
            DeliveryOutcomeKind.Refused => 4,
            DeliveryOutcomeKind.ClientError => 3,
            DeliveryOutcomeKind.Transient => 2,
            _ => 1,
        }).First() is var worst && outcomes.Length > 1
            ? worst with { Detail = string.Join("; ", outcomes.Select(o => o.Detail)) }
            : worst;
    }
}
