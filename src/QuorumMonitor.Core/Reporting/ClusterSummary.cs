namespace QuorumMonitor.Core.Reporting;

/// <summary>
/// One configured cluster as <c>monitor config check</c> describes it: a line of facts (secrets named by where they
/// come from, never shown) and every rule that watches it.
/// </summary>
public sealed record ClusterSummary(string Name, string Facts, IReadOnlyList<RuleSummary> Rules);
