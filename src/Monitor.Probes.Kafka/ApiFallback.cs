namespace Monitor.Probes.Kafka;

/// <summary>
/// Remembers that the brokers did not answer an admin API, so the probe stops spending its deadline on it every round
/// and asks again only after <see cref="RetryAfter"/> (the cluster may have been upgraded).
/// </summary>
internal sealed class ApiFallback(string api, string instead, TimeProvider time)
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private DateTimeOffset? _failedAt;
    private string _reason = "";

    public bool ShouldTry
    {
        get
        {
            lock (_lock)
            {
                return _failedAt is null || time.GetUtcNow() - _failedAt >= RetryAfter;
            }
        }
    }

    /// <summary>What the report says while the API is unavailable; null while it works.</summary>
    public string? Note
    {
        get
        {
            lock (_lock)
            {
                return _failedAt is null ? null : $"{api} not answered ({_reason}): {instead}";
            }
        }
    }

    public void Failed(string reason)
    {
        lock (_lock)
        {
            _failedAt = time.GetUtcNow();
            _reason = reason;
        }
    }

    public void Worked()
    {
        lock (_lock)
        {
            _failedAt = null;
        }
    }
}
