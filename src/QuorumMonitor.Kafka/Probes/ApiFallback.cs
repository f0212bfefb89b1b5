namespace QuorumMonitor.Kafka.Probes;

/// <summary>
/// Remembers that the brokers did not answer an admin API, so the probe stops spending its deadline on it every round
/// and asks again only every <see cref="RetryEvery"/>th probe (the cluster may have been upgraded). Counted in probes,
/// not time, so the cost is the same at any interval.
/// </summary>
internal sealed class ApiFallback(string api, string instead)
{
    public const int RetryEvery = 120;

    private readonly Lock _lock = new();
    private int _skipped;
    private string? _reason;

    /// <summary>Whether to call the API this probe; counts the probes that do not.</summary>
    public bool ShouldTry()
    {
        lock (_lock)
        {
            if (_reason is null || ++_skipped >= RetryEvery)
            {
                _skipped = 0;
                return true;
            }

            return false;
        }
    }

    /// <summary>What the report says while the API is unavailable; null while it works.</summary>
    public string? Note
    {
        get
        {
            lock (_lock)
            {
                return _reason is null ? null : $"{api} not answered ({_reason}): {instead}";
            }
        }
    }

    public void Failed(string reason)
    {
        lock (_lock)
        {
            _reason = reason;
        }
    }

    public void Worked()
    {
        lock (_lock)
        {
            _reason = null;
        }
    }
}
