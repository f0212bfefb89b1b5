namespace QuorumMonitor.Core.Kinds;

/// <summary>
/// An edge from a cluster (or one node of it, such as a Kafka consumer group: <paramref name="Node"/>) to the cluster
/// named <paramref name="DependsOn"/>, whatever its kind.
/// </summary>
public sealed record ClusterDependency(string DependsOn, string? Node = null);
