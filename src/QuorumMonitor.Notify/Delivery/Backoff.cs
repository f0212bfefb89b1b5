using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Wait before the next attempt of a notification: exponential from the initial backoff, capped, with "equal jitter"
/// (half fixed, half random) so that a recovering receiver is not hit by every sender at once. A 429 waits at least
/// the rate-limited backoff (or the Retry-After the receiver gave); a refusal or other client error waits the
/// maximum. Nothing ever waits longer than <c>maxBackoff</c>: a receiver asking for 57 days (Retry-After: 5000000)
/// is asked again after maxBackoff, so a page is never parked beyond it.
/// </summary>
public sealed class Backoff(NotifyRetryConfig retry, Randomizer random)
{
    public TimeSpan Longest => retry.MaxBackoff;

    public TimeSpan After(int attempts, DeliveryOutcome outcome)
    {
        if (outcome.Kind is DeliveryOutcomeKind.Refused or DeliveryOutcomeKind.ClientError)
        {
            return retry.MaxBackoff;
        }

        var exponent = Math.Min(Math.Max(attempts - 1, 0), 30);
        var ceiling = Math.Min(retry.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent), retry.MaxBackoff.TotalMilliseconds);
        var jitter = random.NextDouble();
        var wait = TimeSpan.FromMilliseconds((ceiling / 2) + (jitter * ceiling / 2));
        if (outcome.IsRateLimited)
        {
            var floor = outcome.RetryAfter is { } ra && ra > retry.RateLimitedBackoff ? ra : retry.RateLimitedBackoff;
            wait = wait < floor ? floor : wait;
        }

        return wait > retry.MaxBackoff ? retry.MaxBackoff : wait;
    }
}
