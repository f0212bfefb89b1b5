namespace QuorumMonitor.Incidents;

/// <summary>A member of a cluster failed (left a healthy state) or restarted (its uptime went backwards).</summary>
/// <param name="Planned">The member was under a restart permit at the time.</param>
/// <param name="DuringPermit">Another member's planned restart under way at the time (its text), or null.</param>
public sealed record MemberEvent(string Member, DateTimeOffset At, bool Restart, bool Planned = false, string? DuringPermit = null);
