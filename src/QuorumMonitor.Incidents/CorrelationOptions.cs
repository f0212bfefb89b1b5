namespace QuorumMonitor.Incidents;

/// <summary>Time windows of the incident tracker.</summary>
public sealed record CorrelationOptions
{
    /// <summary>A related alert that fires this long after an incident stopped firing starts a new incident.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>After start-up, incidents are held this long before they are announced, so root causes arrive before symptoms.</summary>
    public TimeSpan StartupHold { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>An incident whose alerts all resolved stays open this long; a re-fire inside it is the same incident (no new page).</summary>
    public TimeSpan ResolveHold { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Members of one cluster failing or restarting within this window are reported as a correlated failure.</summary>
    public TimeSpan CommonCauseWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long resolved incidents stay visible (and in the state file).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many resolved incidents are kept (the oldest go first), however recent.</summary>
    public int KeepResolved { get; init; } = 500;

    /// <summary>After a restart, alerts of incidents carried over from the state file that the rules have neither fired
    /// nor hold pending within this time end (the failure cleared while the monitor was down).</summary>
    public TimeSpan ResumeGrace { get; init; } = TimeSpan.FromMinutes(1);
}
