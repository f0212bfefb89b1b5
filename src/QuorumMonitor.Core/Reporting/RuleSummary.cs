namespace QuorumMonitor.Core.Reporting;

/// <summary>A rule of one cluster and, when its trigger depends on the config, what it fires at; null: it fires on a state.</summary>
public sealed record RuleSummary(string Name, string? FiresAt = null);
