using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Runtime.Reload;

/// <summary>
/// What a reload changes in the set of clusters: by kind and name, and by the content of each cluster's own config
/// (a new deadline, member, threshold or dependency makes a cluster changed).
/// </summary>
public sealed record ClusterSetDiff(
    IReadOnlyList<ClusterRef> Unchanged,
    IReadOnlyList<ClusterRef> Changed,
    IReadOnlyList<ClusterRef> Added,
    IReadOnlyList<ClusterRef> Removed)
{
    public bool IsEmpty => Changed.Count == 0 && Added.Count == 0 && Removed.Count == 0;

    public static ClusterSetDiff Between(MonitorConfig running, MonitorConfig next)
    {
        var before = Clusters(running);
        var after = Clusters(next);
        List<ClusterRef> unchanged = [], changed = [], added = [], removed = [];
        foreach (var (cluster, fingerprint) in after)
        {
            if (!before.TryGetValue(cluster, out var old))
            {
                added.Add(cluster);
            }
            else if (old is not null && old == fingerprint)
            {
                unchanged.Add(cluster);
            }
            else
            {
                changed.Add(cluster);
            }
        }

        removed.AddRange(before.Keys.Where(c => !after.ContainsKey(c)));
        return new ClusterSetDiff(unchanged, changed, added, removed);
    }

    private static Dictionary<ClusterRef, string?> Clusters(MonitorConfig config)
    {
        var clusters = new Dictionary<ClusterRef, string?>();
        foreach (var (kind, settings) in config.Kinds)
        {
            for (var i = 0; i < settings.Declarations.Count; i++)
            {
                clusters[new ClusterRef(kind, settings.Declarations[i].Name)] = ConfigFingerprint.Of(settings.ClusterConfigs[i]);
            }
        }

        return clusters;
    }

    public override string ToString() =>
        $"{Unchanged.Count} unchanged, {Changed.Count} changed{List(Changed)}, {Added.Count} added{List(Added)}, {Removed.Count} removed{List(Removed)}";

    private static string List(IReadOnlyList<ClusterRef> clusters) => clusters.Count == 0 ? "" : $" ({string.Join(", ", clusters)})";
}
