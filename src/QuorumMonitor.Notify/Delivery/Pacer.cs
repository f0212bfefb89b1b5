namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Spaces requests to a rate-limited receiver (PagerDuty: about 120 events a minute per routing key). After a 429 the
/// pace halves, down to a floor, and recovers once the receiver has been quiet for a while.
/// </summary>
public sealed class Pacer(int eventsPerMinute)
{
    private static readonly TimeSpan RecoverAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Slowest = TimeSpan.FromSeconds(30);
    private readonly TimeSpan _normal = TimeSpan.FromMinutes(1) / eventsPerMinute;
    private TimeSpan _spacing = TimeSpan.FromMinutes(1) / eventsPerMinute;
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private DateTimeOffset _lastRateLimited = DateTimeOffset.MinValue;

    public TimeSpan WaitBefore(DateTimeOffset now) => _next > now ? _next - now : TimeSpan.Zero;

    public void Sent(DateTimeOffset now)
    {
        if (_spacing != _normal && now - _lastRateLimited >= RecoverAfter)
        {
            _spacing = _normal;
        }

        _next = now + _spacing;
    }

    public void RateLimited(DateTimeOffset now)
    {
        _lastRateLimited = now;
        _spacing = _spacing * 2 > Slowest ? Slowest : _spacing * 2;
    }
}
