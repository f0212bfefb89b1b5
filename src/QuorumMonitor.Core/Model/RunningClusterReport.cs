namespace QuorumMonitor.Core.Model;

/// <summary>A cluster as it runs now: its probe units and each one's deadline.</summary>
public sealed record RunningClusterReport(string Kind, string Name, IReadOnlyList<RunningUnitReport> Units);
