using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Incidents;

/// <summary>
/// Whether the monitor may believe its own probes. With the self-check on, trust is earned: two punctual readings in
/// a row, and, after any overloaded one, long enough of punctual rounds for every alert raised by the monitor's own
/// lateness to have resolved again. Until then new incidents of the clusters are held: shown as suspect, not paged.
/// Without the self-check (<c>monitor check</c>, tests) it is always trusted. Read and written under the incident
/// tracker's lock and the dispatcher; the lock here guards the status API's reads.
/// </summary>
public sealed class MonitorTrust
{
    private const int PunctualReadingsNeeded = 2;

    private readonly Lock _lock = new();
    private readonly TimeSpan _reconfirm;
    private readonly bool _enabled;
    private readonly IMonitorPunctuality? _punctuality;
    private int _punctual;
    private DateTimeOffset? _lastOverloadAt;
    private string? _lastOverload;

    // One verdict per instant: a status report asks once per held incident, with the same time.
    private (DateTimeOffset At, string? Why)? _verdict;

    /// <summary>Always trusted: no self-check runs.</summary>
    public MonitorTrust()
    {
    }

    /// <param name="reconfirm">How long after the last overloaded reading the monitor must be punctual before it pages again.</param>
    public MonitorTrust(TimeSpan reconfirm, IMonitorPunctuality punctuality)
    {
        _enabled = true;
        _reconfirm = reconfirm;
        _punctuality = punctuality;
    }

    public void Observe(bool overloaded, string? why, DateTimeOffset at)
    {
        lock (_lock)
        {
            if (overloaded)
            {
                _punctual = 0;
                _lastOverloadAt = at;
                _lastOverload = why;
            }
            else
            {
                _punctual++;
            }

            _verdict = null;
        }
    }

    /// <summary>Null when trusted; otherwise why the clusters' pages are held.</summary>
    public string? Distrust(DateTimeOffset now)
    {
        if (!_enabled)
        {
            return null;
        }

        lock (_lock)
        {
            if (_verdict is { } v && v.At == now)
            {
                return v.Why;
            }
        }

        var why = Judge(now);
        lock (_lock)
        {
            _verdict = (now, why);
        }

        return why;
    }

    private string? Judge(DateTimeOffset now)
    {
        // Distrust seen live counts like an overloaded reading: it starts a re-confirmation period of its own.
        if (_punctuality?.WhyNotTrusted(now) is { } late)
        {
            Observe(overloaded: true, late, now);
        }

        lock (_lock)
        {
            if (_lastOverloadAt is { } last && now - last < _reconfirm)
            {
                return $"the monitor was overloaded {(now - last).TotalSeconds:0} s ago ({_lastOverload}); its probes are re-confirmed before anything is paged";
            }

            return _punctual < PunctualReadingsNeeded ? "the monitor has not yet shown that it keeps its own schedule" : null;
        }
    }

    /// <summary>The monitor's own alerts are never held by its distrust of itself.</summary>
    public static bool IsAboutTheMonitor(AlertReport alert) => alert.Kind == ClusterKinds.Monitor;
}
