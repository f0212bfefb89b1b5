namespace QuorumMonitor.Core.Config;

/// <summary>The <c>correlation:</c> section: the windows of the incident tracker. Null fields take derived defaults.</summary>
public sealed record CorrelationSettings
{
    /// <summary>A related alert firing this long after an incident went quiet starts a new incident.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Pages held after start-up so root causes arrive before symptoms; default one confirmation window.</summary>
    public TimeSpan? StartupHold { get; init; }

    /// <summary>How long an incident whose alerts all resolved waits for a re-fire before it resolves (anti-flap).</summary>
    public TimeSpan ResolveHold { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Members of one cluster failing or restarting within this window are a correlated failure.</summary>
    public TimeSpan CommonCauseWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>One confirmation window: the time an alert needs to go from first sight to firing.</summary>
    public static TimeSpan ConfirmationWindow(MonitorSettings monitor) =>
        (monitor.Interval * monitor.ConfirmRounds) + monitor.Deadline + monitor.For;
}
