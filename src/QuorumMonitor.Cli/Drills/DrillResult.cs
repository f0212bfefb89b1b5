namespace QuorumMonitor.Cli.Drills;

/// <summary>One drill's verdict and figures (the text report and <c>--json</c> print the same).</summary>
/// <param name="Fault">What was injected (members, pids, brokers).</param>
/// <param name="FalsePagesBeforeFault">Incidents any channel accepted between the monitor's start and the fault.</param>
/// <param name="Failures">Why it failed, one line each; empty when it passed.</param>
public sealed record DrillResult(
    string Drill, bool Passed, DateTimeOffset? FaultInjectedAt, string? Fault, int FalsePagesBeforeFault, IReadOnlyList<ChannelResult> Channels, IReadOnlyList<string> Failures, double DurationSeconds);
