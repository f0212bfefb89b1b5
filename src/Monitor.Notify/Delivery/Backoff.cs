using Monitor.Core.Config;

namespace Monitor.Notify.Delivery;

/// <summary>
/// Wait before the next attempt of a notification: exponential from the initial backoff, capped, with "equal jitter"
/// (half fixed, half random) so that a recovering receiver is not hit by every sender at once. A 429 waits at least
/// the rate-limited backoff (or the Retry-After the receiver gave); a refusal (401/402/403) waits the maximum.
/// </summary>
public sealed class Backoff(NotifyRetryConfig retry, Random random)
{
    public TimeSpan After(int attempts, DeliveryOutcome outcome)
    {
        if (outcome.Kind == DeliveryOutcomeKind.Refused)
        {
            return retry.MaxBackoff;
        }

        var exponent = Math.Min(Math.Max(attempts - 1, 0), 30);
        var ceiling = Math.Min(retry.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent), retry.MaxBackoff.TotalMilliseconds);
        double jitter;
        lock (random)
        {
            jitter = random.NextDouble();
        }

        var wait = TimeSpan.FromMilliseconds((ceiling / 2) + (jitter * ceiling / 2));
        if (outcome.IsRateLimited)
        {
            var floor = outcome.RetryAfter is { } ra && ra > retry.RateLimitedBackoff ? ra : retry.RateLimitedBackoff;
            wait = wait < floor ? floor : wait;
        }

        return wait;
    }
}
