namespace QuorumMonitor.Core.Model;

/// <summary>Identifies one monitored cluster: its kind ("zookeeper", "kafka", "mysql") and configured name.</summary>
public readonly record struct ClusterRef(string Kind, string Name)
{
    public override string ToString() => $"{Kind}/{Name}";
}
