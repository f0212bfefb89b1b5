namespace QuorumMonitor.Core.Config;

/// <summary><c>notify.retry</c>: exponential backoff with jitter between attempts of one notification.</summary>
public sealed record NotifyRetryConfig
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Least wait after a 429 (PagerDuty suggests retrying 30 s apart) unless the answer says Retry-After.</summary>
    public TimeSpan RateLimitedBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
