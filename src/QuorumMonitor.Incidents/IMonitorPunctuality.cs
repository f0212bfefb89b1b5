namespace QuorumMonitor.Incidents;

/// <summary>
/// The monitor's live sense of whether it can believe its own probes, read at the moment an incident would be paged:
/// the self-check's readings come once an interval, but a page must not slip out in the interval between the first
/// bad round and the reading that reports it.
/// </summary>
public interface IMonitorPunctuality
{
    /// <summary>
    /// Why the monitor's recent probes (the last two intervals) cannot be trusted — many started late, or not one
    /// target answered at all — or null when they can.
    /// </summary>
    string? WhyNotTrusted(DateTimeOffset now);
}
