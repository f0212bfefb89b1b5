namespace QuorumMonitor.Incidents;

/// <summary>
/// Dependency edges between clusters (and consumer groups): "dependent needs dependency". A group implicitly
/// depends on its own cluster. Edges come from config (<c>dependsOn</c>, group sinks) and from discovery.
/// </summary>
public sealed class Topology
{
    private readonly Dictionary<TopologyNode, HashSet<TopologyNode>> _dependencies = [];

    // Cluster-level neighbours through edges in either direction, for narrowing a search before the exact check.
    private readonly Dictionary<TopologyNode, HashSet<TopologyNode>> _neighbours = [];
    private readonly Dictionary<TopologyNode, IReadOnlySet<TopologyNode>> _components = [];
    private readonly Lock _lock = new();

    public void AddDependency(TopologyNode dependent, TopologyNode dependency)
    {
        if (dependent == dependency)
        {
            return;
        }

        lock (_lock)
        {
            if (!_dependencies.TryGetValue(dependent, out var set))
            {
                set = [];
                _dependencies[dependent] = set;
            }

            if (set.Add(dependency))
            {
                Neighbour(dependent.ClusterNode, dependency.ClusterNode);
                Neighbour(dependency.ClusterNode, dependent.ClusterNode);
                _components.Clear();
            }
        }
    }

    /// <summary>
    /// The clusters an alert on <paramref name="node"/> can be related to (itself included): every node
    /// <see cref="Related"/> to it is on one of them. A superset, cheap to look up, so that a search over thousands
    /// of clusters only checks the few that matter.
    /// </summary>
    public IReadOnlySet<TopologyNode> RelatedClusters(TopologyNode node)
    {
        var start = node.ClusterNode;
        lock (_lock)
        {
            if (_components.TryGetValue(start, out var known))
            {
                return known;
            }

            var component = new HashSet<TopologyNode> { start };
            var stack = new Stack<TopologyNode>([start]);
            while (stack.Count > 0)
            {
                if (_neighbours.TryGetValue(stack.Pop(), out var next))
                {
                    foreach (var n in next.Where(component.Add))
                    {
                        stack.Push(n);
                    }
                }
            }

            _components[start] = component;
            return component;
        }
    }

    public IReadOnlyList<(TopologyNode Dependent, TopologyNode Dependency)> Edges()
    {
        lock (_lock)
        {
            return _dependencies.SelectMany(kv => kv.Value.Select(d => (kv.Key, d))).ToList();
        }
    }

    /// <summary>Whether <paramref name="dependent"/> needs <paramref name="dependency"/>, directly or through others.</summary>
    public bool DependsOn(TopologyNode dependent, TopologyNode dependency)
    {
        if (dependent == dependency)
        {
            return false;
        }

        lock (_lock)
        {
            var seen = new HashSet<TopologyNode>();
            var stack = new Stack<TopologyNode>();
            stack.Push(dependent);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (!seen.Add(node))
                {
                    continue;
                }

                if (node.Group is not null)
                {
                    if (node.ClusterNode == dependency)
                    {
                        return true;
                    }

                    stack.Push(node.ClusterNode);
                }

                if (_dependencies.TryGetValue(node, out var deps))
                {
                    foreach (var d in deps)
                    {
                        if (d == dependency)
                        {
                            return true;
                        }

                        stack.Push(d);
                    }
                }
            }

            return false;
        }
    }

    private void Neighbour(TopologyNode a, TopologyNode b)
    {
        if (a == b)
        {
            return;
        }

        if (!_neighbours.TryGetValue(a, out var set))
        {
            set = [];
            _neighbours[a] = set;
        }

        set.Add(b);
    }

    /// <summary>Same node, or one depends on the other: alerts on related nodes belong to one incident.</summary>
    public bool Related(TopologyNode a, TopologyNode b) => a == b || DependsOn(a, b) || DependsOn(b, a);
}
