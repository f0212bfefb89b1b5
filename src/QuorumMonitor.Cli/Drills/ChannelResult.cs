namespace QuorumMonitor.Cli.Drills;

/// <summary>What one channel received after the fault, beside what it should have.</summary>
/// <param name="FirstPageSeconds">Fault → the channel's first accepted page, seconds; null if none came.</param>
/// <param name="Pages">Incidents the channel accepted after the fault.</param>
/// <param name="Refused">Notifications it answered with a non-2xx status (the out-of-credit pager's 402s).</param>
public sealed record ChannelResult(
    string Channel, DateTimeOffset? FirstPageAt, double? FirstPageSeconds, int Pages, string? RootCause, int Refused,
    int ExpectedPages, string? ExpectedRootCause, bool Passed);
