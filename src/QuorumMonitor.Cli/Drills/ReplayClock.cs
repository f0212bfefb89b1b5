namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// The clock a replayed traffic profile reads: stopped at its origin (counters flat: an idle NIC) until
/// <see cref="Start"/>, then running with the real clock, so the profile's creep plays out from the fault on.
/// </summary>
public sealed class ReplayClock(TimeProvider real, DateTimeOffset origin) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _startedAt;

    public void Start()
    {
        lock (_lock)
        {
            _startedAt ??= real.GetUtcNow();
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _startedAt is { } at ? origin + (real.GetUtcNow() - at) : origin;
        }
    }
}
