using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.MySql;
using Prometheus;

namespace QuorumMonitor.Host.MySql;

/// <summary>
/// The <c>quorum_monitor_mysql_*</c> series (README: Metrics). Label values come from config (cluster, instance) or
/// small fixed sets (role, state).
/// </summary>
internal sealed class MySqlMetrics
{
    private readonly Gauge _instanceState;
    private readonly Gauge _lag;
    private readonly Gauge _ioRunning;
    private readonly Gauge _sqlRunning;
    private readonly Gauge _standbyAvailable;
    private readonly Gauge _healthyStandbys;

    public MySqlMetrics(MetricFactory f, string prefix)
    {
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

    /// <summary>Called under the owner's lock.</summary>
    public void Update(MySqlClusterObservation c, Gauge memberUp, Action<Gauge, string, string[], string> setOneOf)
    {
        var name = c.Cluster.Name;
        foreach (var i in c.Instances)
        {
            memberUp.WithLabels(c.Cluster.Kind, name, i.Endpoint).Set(i.IsAnswering ? 1 : 0);
            setOneOf(_instanceState, $"{name}|{i.Name}", [name, i.Name, Names.Kebab(i.Role)], Names.Kebab(i.State));
            if (i.Role != Core.Config.MySql.MySqlRole.Replica)
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
}
