namespace QuorumMonitor.Core.Kinds;

/// <summary>A configured cluster as the topology sees it: its name and what it depends on.</summary>
public sealed record ClusterDeclaration(string Name, IReadOnlyList<ClusterDependency> DependsOn);
