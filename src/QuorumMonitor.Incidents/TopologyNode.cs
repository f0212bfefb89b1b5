using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Incidents;

/// <summary>
/// Something an alert is about: a cluster, or a consumer group inside one (a group can depend on a database its
/// cluster knows nothing about).
/// </summary>
public readonly record struct TopologyNode(string Kind, string Cluster, string? Group = null)
{
    public const string GroupLabel = "group";

    public static TopologyNode Of(ClusterRef cluster) => new(cluster.Kind, cluster.Name);

    public static TopologyNode Of(AlertReport alert) =>
        new(alert.Kind, alert.Cluster, alert.Labels.TryGetValue(GroupLabel, out var g) ? g : null);

    public TopologyNode ClusterNode => this with { Group = null };

    public override string ToString() => Group is null ? $"{Kind}/{Cluster}" : $"{Kind}/{Cluster}/group={Group}";
}
