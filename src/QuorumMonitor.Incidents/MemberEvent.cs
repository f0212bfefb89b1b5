namespace QuorumMonitor.Incidents;

/// <summary>A member of a cluster failed (left a healthy state) or restarted (its uptime went backwards).</summary>
public sealed record MemberEvent(string Member, DateTimeOffset At, bool Restart);
