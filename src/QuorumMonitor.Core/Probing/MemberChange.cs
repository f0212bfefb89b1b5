namespace QuorumMonitor.Core.Probing;

/// <summary>
/// A member failed (left a healthy state) or restarted (its uptime went backwards) with no restart permit of its own.
/// </summary>
/// <param name="DuringPermit">Another member's planned restart under way at the time (the permit's text), or null.</param>
public sealed record MemberChange(string Member, DateTimeOffset At, bool Restart, string? DuringPermit);
