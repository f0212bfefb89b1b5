namespace QuorumMonitor.Incidents;

/// <summary>
/// Where the incident tracker looks instead of walking every incident: which incidents hold an alert (by fingerprint)
/// and which touch a cluster. With thousands of clusters failing at once (or a monitor that believes they do), a walk
/// per fired alert made correlation quadratic. Owned by the tracker and used under its lock.
/// </summary>
internal sealed class IncidentIndex
{
    private readonly Dictionary<string, List<Incident>> _byAlert = new(StringComparer.Ordinal);
    private readonly Dictionary<TopologyNode, List<Incident>> _byCluster = [];

    /// <summary>Records that <paramref name="incident"/> holds the alert, on the alert's node.</summary>
    public void Add(Incident incident, string fingerprint, TopologyNode node)
    {
        AddTo(_byAlert, fingerprint, incident);
        AddTo(_byCluster, node.ClusterNode, incident);
    }

    public void Remove(Incident incident)
    {
        foreach (var fingerprint in incident.Alerts.Keys)
        {
            RemoveFrom(_byAlert, fingerprint, incident);
        }

        foreach (var alert in incident.Alerts.Values)
        {
            RemoveFrom(_byCluster, TopologyNode.Of(alert).ClusterNode, incident);
        }
    }

    /// <summary>The most recent incident holding the alert that passes <paramref name="filter"/>.</summary>
    public Incident? Latest(string fingerprint, Func<Incident, bool> filter)
    {
        if (!_byAlert.TryGetValue(fingerprint, out var list))
        {
            return null;
        }

        Incident? latest = null;
        foreach (var incident in list)
        {
            if (filter(incident) && (latest is null || incident.Sequence > latest.Sequence))
            {
                latest = incident;
            }
        }

        return latest;
    }

    /// <summary>Every incident with an alert on one of the clusters (each once).</summary>
    public IEnumerable<Incident> OnClusters(IReadOnlySet<TopologyNode> clusters)
    {
        var seen = new HashSet<Incident>();
        foreach (var cluster in clusters)
        {
            if (_byCluster.TryGetValue(cluster, out var list))
            {
                foreach (var incident in list.Where(seen.Add))
                {
                    yield return incident;
                }
            }
        }
    }

    private static void AddTo<TKey>(Dictionary<TKey, List<Incident>> map, TKey key, Incident incident)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        if (!list.Contains(incident))
        {
            list.Add(incident);
        }
    }

    private static void RemoveFrom<TKey>(Dictionary<TKey, List<Incident>> map, TKey key, Incident incident)
        where TKey : notnull
    {
        if (map.TryGetValue(key, out var list) && list.Remove(incident) && list.Count == 0)
        {
            map.Remove(key);
        }
    }
}
