using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using Prometheus;

namespace QuorumMonitor.MySql;

/// <summary>
/// The <c>quorum_monitor_mysql_*</c> series (README: Metrics). Label values come from config (cluster, instance) or
/// small fixed sets (role, state).
/// </summary>
internal sealed class MySqlMetrics : IClusterMetrics
{
    private const string Prefix = "quorum_monitor_";

    private readonly Gauge _memberUp;
    private readonly Dictionary<string, string> _lastState = new(StringComparer.Ordinal);
    private readonly Gauge _instanceState;
    private readonly Gauge _lag;
    private readonly Gauge _ioRunning;
    private readonly Gauge _sqlRunning;
    private readonly Gauge _standbyAvailable;
    private readonly Gauge _healthyStandbys;

    public MySqlMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        const string prefix = Prefix;

        // The family every kind shares (same name, help and labels: the registry hands back the one instance); an
        // instance is up when it answers, whatever its role.
        _memberUp = f.CreateGauge(prefix + "member_up", "1 when the member serves clients, else 0.", ["kind", "cluster", "member"]);
        _instanceState = f.CreateGauge(prefix + "mysql_instance_state",
            "1 for the instance's current state (ok, read-only, refused, unreachable, handshake-timeout, query-timeout, auth-failed, too-many-connections, error).",
            ["cluster", "instance", "role", "state"]);
        _lag = f.CreateGauge(prefix + "mysql_replication_lag_seconds",
            "Replica lag: heartbeat table when configured, else Seconds_Behind_Master; absent while unknown.", ["cluster", "instance"]);
        _ioRunning = f.CreateGauge(prefix + "mysql_replica_io_running", "1 when the replica's IO thread runs.", ["cluster", "instance"]);
        _sqlRunning = f.CreateGauge(prefix + "mysql_replica_sql_running", "1 when the replica's SQL thread runs.", ["cluster", "instance"]);
        _standbyAvailable = f.CreateGauge(prefix + "mysql_standby_available",
            "1 when at least one replica could be promoted now (answering, replicating, within the lag threshold).", ["cluster"]);
        _healthyStandbys = f.CreateGauge(prefix + "mysql_healthy_standbys", "Replicas that could be promoted now.", ["cluster"]);
    }

    public void Forget(ClusterRef cluster)
    {
        var c = cluster.Name;
        DropCluster(_memberUp, 1, c);
        foreach (var gauge in new[] { _instanceState, _lag, _ioRunning, _sqlRunning, _standbyAvailable, _healthyStandbys })
        {
            DropCluster(gauge, 0, c);
        }

        foreach (var key in _lastState.Keys.Where(k => k.StartsWith(c + "|", StringComparison.Ordinal)).ToList())
        {
            _lastState.Remove(key);
        }
    }

    public void Update(ClusterObservation observation)
    {
        if (observation is not MySqlClusterObservation c)
        {
            return;
        }

        var name = c.Cluster.Name;
        foreach (var i in c.Instances)
        {
            _memberUp.WithLabels(c.Cluster.Kind, name, i.Endpoint).Set(i.IsAnswering ? 1 : 0);
            SetOneOf(_instanceState, $"{name}|{i.Name}", [name, i.Name, Names.Kebab(i.Role)], Names.Kebab(i.State));
            if (i.Role != MySqlRole.Replica)
            {
                continue;
            }

            if (i.LagSeconds is { } lag)
            {
                _lag.WithLabels(name, i.Name).Set(lag);
            }
            else
            {
                _lag.RemoveLabelled(name, i.Name);
            }

            if (i.Replication is { } r)
            {
                _ioRunning.WithLabels(name, i.Name).Set(r.IoThreadRunning ? 1 : 0);
                _sqlRunning.WithLabels(name, i.Name).Set(r.SqlThreadRunning ? 1 : 0);
            }
            else if (i.ReplicationChecked)
            {
                _ioRunning.WithLabels(name, i.Name).Set(0);
                _sqlRunning.WithLabels(name, i.Name).Set(0);
            }
        }

        _standbyAvailable.WithLabels(name).Set(c.StandbyAvailable ? 1 : 0);
        _healthyStandbys.WithLabels(name).Set(c.HealthyStandbys.Count);
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
