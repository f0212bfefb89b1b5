using Prometheus;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>Delivery metrics, in the registry of the host's <c>/metrics</c>. Names are public (dashboards, alert rules).</summary>
public sealed class DeliveryMetrics
{
    public const string Prefix = "quorum_monitor_";

    private readonly Counter _sent;
    private readonly Counter _failed;
    private readonly Counter _retried;
    private readonly Gauge _queueDepth;
    private readonly Gauge _oldest;
    private readonly Gauge _failing;

    /// <param name="channels">Configured channel names: their series exist from the start (0), so rates show 0, not nothing.</param>
    public DeliveryMetrics(CollectorRegistry registry, IEnumerable<string> channels)
    {
        var f = Metrics.WithCustomRegistry(registry);
        _sent = f.CreateCounter(Prefix + "notifications_sent_total", "Notifications accepted by their channel.", ["channel"]);
        _failed = f.CreateCounter(Prefix + "notifications_failed_total", "Failed delivery attempts, by reason (http-503, connection, timeout, rate-limited, ...).", ["channel", "reason"]);
        _retried = f.CreateCounter(Prefix + "notifications_retried_total", "Delivery attempts scheduled again after a failure.", ["channel"]);
        _queueDepth = f.CreateGauge(Prefix + "delivery_queue_depth", "Notifications in the outbox, not yet accepted by their channel.");
        _oldest = f.CreateGauge(Prefix + "delivery_oldest_undelivered_seconds", "Age of the oldest undelivered notification; 0 when the outbox is empty.");
        _failing = f.CreateGauge(Prefix + "delivery_channel_failing", "1 while the channel counts as failing (AlertDeliveryFailing), else 0.", ["channel"]);
        foreach (var channel in channels)
        {
            _sent.WithLabels(channel).IncTo(0);
            _retried.WithLabels(channel).IncTo(0);
            _failing.WithLabels(channel).Set(0);
        }
    }

    public void Sent(string channel) => _sent.WithLabels(channel).Inc();

    public void Failed(string channel, string reason) => _failed.WithLabels(channel, reason).Inc();

    public void Retried(string channel) => _retried.WithLabels(channel).Inc();

    public void Queue(int depth, TimeSpan? oldest)
    {
        _queueDepth.Set(depth);
        _oldest.Set(oldest?.TotalSeconds ?? 0);
    }

    public void Failing(string channel, bool failing) => _failing.WithLabels(channel).Set(failing ? 1 : 0);
}
