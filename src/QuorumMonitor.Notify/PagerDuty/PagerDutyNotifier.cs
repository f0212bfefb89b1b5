using QuorumMonitor.Core.Config;
using QuorumMonitor.Notify.Delivery;

namespace QuorumMonitor.Notify.PagerDuty;

/// <summary>PagerDuty Events API v2: 202 accepted; 400 or an "invalid event" answer is dead-lettered; 429 and 5xx
/// retried by the sender.</summary>
public sealed class PagerDutyNotifier(NotifyChannelConfig channel, HttpClient http, PagerDutyEvents events, TimeSpan timeout, TimeProvider time) : INotifier
{
    private readonly Secret _key = channel.RoutingKey ?? throw new ArgumentException($"channel {channel.Name} has no routing key", nameof(channel));

    public NotifyChannelConfig Channel => channel;

    public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken) =>
        HttpDelivery.PostJsonAsync(http, channel.Urls[0], events.Build(notification, _key), timeout, _key, time, cancellationToken, IsInvalidEvent);

    /// <summary>PagerDuty's own verdict on the event: <c>{"status":"invalid event", ...}</c>.</summary>
    internal static bool IsInvalidEvent(string body) => body.Contains("\"invalid event\"", StringComparison.OrdinalIgnoreCase);
}
