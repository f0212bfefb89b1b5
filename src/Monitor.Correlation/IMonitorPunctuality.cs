namespace Monitor.Correlation;

/// <summary>
/// The monitor's live sense of its own lateness, read at the moment an incident would be paged: the self-check's
/// readings come once an interval, but a page must not slip out in the interval between the first late round and
/// the reading that reports it.
/// </summary>
public interface IMonitorPunctuality
{
    /// <summary>Why the monitor has recently been late (over the last two intervals); null when it has not.</summary>
    string? RecentlyLate(DateTimeOffset now);
}
