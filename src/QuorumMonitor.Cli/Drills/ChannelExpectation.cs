namespace QuorumMonitor.Cli.Drills;

/// <summary>One channel's expected incidents after the fault (0: it must accept none) and the root cause of the first.</summary>
/// <param name="Refuses">The channel is the one failing: it must have been tried (and refused) at least once.</param>
public sealed record ChannelExpectation(string Channel, string? RootCause, int Pages, bool Refuses = false);
