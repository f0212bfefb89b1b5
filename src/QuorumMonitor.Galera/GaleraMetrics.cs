using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Galera.Model;
using Prometheus;

namespace QuorumMonitor.Galera;

/// <summary>
/// The <c>quorum_monitor_galera_*</c> series (README of this slice: Metrics). Label values come from config (cluster,
/// node) or small fixed sets (state). A public interface: dashboards/galera.json queries them. Thread-safe.
/// </summary>
public sealed class GaleraMetrics : IClusterMetrics
{
    public const string DefaultPrefix = "quorum_monitor_";

    private readonly Gauge _nodeState;
    private readonly Gauge _nodePrimary;
    private readonly Gauge _nodeSynced;
    private readonly Gauge _nodeReady;
    private readonly Gauge _clusterSize;
    private readonly Gauge _flowControlPaused;
    private readonly Gauge _recvQueue;
    private readonly Gauge _weight;
    private readonly Gauge _hasQuorum;
    private readonly Gauge _faultTolerance;
    private readonly Gauge _primaryComponents;
    private readonly Gauge _components;
    private readonly Gauge _safeVoterWeight;
    private readonly Gauge _totalWeight;
    private readonly Gauge _quorumWeight;
    private readonly Gauge _splitBrain;
    private readonly Dictionary<string, string> _lastState = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public GaleraMetrics(CollectorRegistry registry)
    {
        const string prefix = DefaultPrefix;
        var f = Metrics.WithCustomRegistry(registry);
        string[] node = ["cluster", "node"];
        string[] cluster = ["cluster"];
        _nodeState = f.CreateGauge(prefix + "galera_node_state",
            "1 for the node's current state (serving, donor-desynced, joining, non-primary, ..., refused, handshake-timeout, error).", ["cluster", "node", "state"]);
        _nodePrimary = f.CreateGauge(prefix + "galera_node_primary", "1 when the node answers and is in a Primary component.", node);
        _nodeSynced = f.CreateGauge(prefix + "galera_node_synced", "1 when the node answers and wsrep_local_state_comment is Synced.", node);
        _nodeReady = f.CreateGauge(prefix + "galera_node_ready", "1 when the node answers and wsrep_ready is ON.", node);
        _clusterSize = f.CreateGauge(prefix + "galera_node_cluster_size", "wsrep_cluster_size as the node reports it; absent while it does not answer.", node);
        _flowControlPaused = f.CreateGauge(prefix + "galera_flow_control_paused_ratio",
            "Fraction of time paused by flow control, since the previous probe (else since FLUSH STATUS); absent while unknown.", node);
        _recvQueue = f.CreateGauge(prefix + "galera_local_recv_queue", "wsrep_local_recv_queue: write-sets received, not yet applied.", node);
        _weight = f.CreateGauge(prefix + "galera_node_weight", "pc.weight the node reports; absent while unknown (counted as 1).", node);
        _hasQuorum = f.CreateGauge(prefix + "galera_has_quorum", "1 when at least one answering node is in a Primary component.", cluster);
        _faultTolerance = f.CreateGauge(prefix + "galera_fault_tolerance", "More node failures the cluster survives; 0 = the next failure may lose quorum.", cluster);
        _primaryComponents = f.CreateGauge(prefix + "galera_primary_components", "Primary components seen; more than 1 is a split brain.", cluster);
        _components = f.CreateGauge(prefix + "galera_components", "Components seen among answering nodes (state UUID, conf_id, Primary-ness).", cluster);
        _safeVoterWeight = f.CreateGauge(prefix + "galera_safe_voter_weight", "Weight of nodes that are Primary, Synced and ready.", cluster);
        _totalWeight = f.CreateGauge(prefix + "galera_total_weight", "Weight of every configured node.", cluster);
        _quorumWeight = f.CreateGauge(prefix + "galera_quorum_weight", "Weight needed for quorum: more than half the total.", cluster);
        _splitBrain = f.CreateGauge(prefix + "galera_split_brain", "1 when two components accept writes independently.", cluster);
    }

    public void Forget(ClusterRef cluster)
    {
        var c = cluster.Name;
        lock (_lock)
        {
            foreach (var gauge in new[] { _nodeState, _nodePrimary, _nodeSynced, _nodeReady, _clusterSize, _flowControlPaused, _recvQueue, _weight,
                _hasQuorum, _faultTolerance, _primaryComponents, _components, _safeVoterWeight, _totalWeight, _quorumWeight, _splitBrain })
            {
                DropCluster(gauge, 0, c);
            }

            foreach (var key in _lastState.Keys.Where(k => k.StartsWith(c + "|", StringComparison.Ordinal)).ToList())
            {
                _lastState.Remove(key);
            }
        }
    }

    void IClusterMetrics.Update(ClusterObservation observation)
    {
        if (observation is GaleraClusterObservation galera)
        {
            Update(galera);
        }
    }

    public void Update(GaleraClusterObservation c)
    {
        var name = c.Cluster.Name;
        lock (_lock)
        {
            foreach (var n in c.Nodes)
            {
                SetOneOf(_nodeState, $"{name}|{n.Name}", [name, n.Name], GaleraClusterObservation.MemberState(n));
                _nodePrimary.WithLabels(name, n.Name).Set(n.IsPrimary ? 1 : 0);
                _nodeSynced.WithLabels(name, n.Name).Set(n.IsSynced ? 1 : 0);
                _nodeReady.WithLabels(name, n.Name).Set(n.IsAnswering && n.Ready == true ? 1 : 0);
                SetOrRemove(_clusterSize, name, n.Name, n.IsAnswering ? n.ClusterSize : null);
                SetOrRemove(_flowControlPaused, name, n.Name, n.IsAnswering ? n.FlowControlPausedFraction : null);
                SetOrRemove(_recvQueue, name, n.Name, n.IsAnswering ? n.RecvQueue : null);
                SetOrRemove(_weight, name, n.Name, n.Weight);
            }

            _hasQuorum.WithLabels(name).Set(c.HasQuorum ? 1 : 0);
            _faultTolerance.WithLabels(name).Set(c.FaultToleranceLeft);
            _primaryComponents.WithLabels(name).Set(c.PrimaryComponents.Count);
            _components.WithLabels(name).Set(c.Components.Count);
            _safeVoterWeight.WithLabels(name).Set(c.SafeVoterWeight);
            _totalWeight.WithLabels(name).Set(c.TotalWeight);
            _quorumWeight.WithLabels(name).Set(c.QuorumWeight);
            _splitBrain.WithLabels(name).Set(c.IsSplitBrain ? 1 : 0);
        }
    }

    private static void SetOrRemove(Gauge gauge, string cluster, string node, double? value)
    {
        if (value is { } v)
        {
            gauge.WithLabels(cluster, node).Set(v);
        }
        else
        {
            gauge.RemoveLabelled(cluster, node);
        }
    }

    /// <summary>Enum-style gauge: the current state's series is 1, the previous state's series is set back to 0.</summary>
    private void SetOneOf(Gauge gauge, string key, string[] labels, string state)
    {
        if (_lastState.TryGetValue(key, out var previous) && previous != state)
        {
            gauge.WithLabels([.. labels, previous]).Set(0);
        }

        gauge.WithLabels([.. labels, state]).Set(1);
        _lastState[key] = state;
    }

    /// <summary>Removes every series of <paramref name="gauge"/> whose label at <paramref name="index"/> is <paramref name="cluster"/>.</summary>
    private static void DropCluster(Gauge gauge, int index, string cluster)
    {
        foreach (var labels in gauge.GetAllLabelValues().Where(l => l[index] == cluster).ToList())
        {
            gauge.RemoveLabelled(labels);
        }
    }
}
