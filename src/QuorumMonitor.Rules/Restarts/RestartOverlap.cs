namespace QuorumMonitor.Rules.Restarts;

/// <summary>Members that failed or restarted without permits within the common-cause window.</summary>
/// <param name="What">"restarted" when every change was a restart, else "failed or restarted".</param>
public sealed record RestartOverlap(IReadOnlyList<string> Members, double SpanSeconds, string What);
