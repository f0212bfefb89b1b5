namespace QuorumMonitor.Incidents;

/// <summary>A member of a cluster failed (left a healthy state) or restarted (its uptime went backwards).</summary>
/// <param name="Planned">The member was under a restart permit at the time.</param>
/// <param name="DuringPermit">Another member's planned restart under way at the time (its text), or null.</param>
/// <param name="Confirmed">
/// A restart is confirmed when seen (the uptime went backwards); a failure once a second observation still finds the
/// member unhealthy, or it comes back as a new process. Until then it may be one slow answer, which rules must not act on.
/// </param>
public sealed record MemberEvent(string Member, DateTimeOffset At, bool Restart, bool Planned = false, string? DuringPermit = null, bool Confirmed = true);
