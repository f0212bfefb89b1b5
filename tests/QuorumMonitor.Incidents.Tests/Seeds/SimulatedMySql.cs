using QuorumMonitor.MySql.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.MySql;

namespace QuorumMonitor.Incidents.Tests.Seeds;

/// <summary>
/// A MySQL primary and its replicas as the instance probes see them, on fake time. Each instance is in one
/// <see cref="MySqlInstanceState"/>; answering replicas replicate from the primary without lag, and once the primary
/// is refused or unreachable their IO threads are connecting to it (as a real replica's are: issue 16's confirmation).
/// </summary>
internal sealed class SimulatedMySql
{
    private readonly MySqlClusterConfig _config;
    private readonly TimeProvider _time;
    private readonly ClusterRef _cluster;
    private readonly Dictionary<string, MySqlInstanceState> _states;

    public SimulatedMySql(MySqlClusterConfig config, TimeProvider time)
    {
        _config = config;
        _time = time;
        _cluster = new ClusterRef(MySqlKind.KindName, config.Name);
        _states = config.Instances.ToDictionary(i => i.Name, _ => MySqlInstanceState.Ok, StringComparer.Ordinal);
    }

    public string PrimaryName => _config.Instances.Single(i => i.Role == MySqlRole.Primary).Name;

    public void Set(string instance, MySqlInstanceState state) => _states[instance] = _states.ContainsKey(instance)
        ? state
        : throw new ArgumentException($"no instance '{instance}' in {_config.Name}", nameof(instance));

    public MySqlClusterObservation Observe()
    {
        var now = _time.GetUtcNow();
        var deadline = _config.Deadline ?? TimeSpan.FromSeconds(2);
        var primaryGone = _states[PrimaryName] is MySqlInstanceState.Refused or MySqlInstanceState.Unreachable;
        var replicating = primaryGone
            ? new MySqlReplicationStatus { IoRunning = "Connecting", SqlRunning = "Yes", LastIoErrno = 2003, LastIoError = "Can't connect to server" }
            : new MySqlReplicationStatus { IoRunning = "Yes", SqlRunning = "Yes", SecondsBehindMaster = 0 };
        var instances = _config.Instances.Select((config, n) =>
        {
            var state = _states[config.Name];
            var answering = state is MySqlInstanceState.Ok or MySqlInstanceState.ReadOnly;
            var replica = config.Role == MySqlRole.Replica;
            return new MySqlInstanceResult
            {
                UnitId = config.Name,
                At = now,
                Duration = state is MySqlInstanceState.HandshakeTimeout or MySqlInstanceState.QueryTimeout or MySqlInstanceState.Unreachable
                    ? deadline
                    : TimeSpan.FromMilliseconds(4),
                Name = config.Name,
                Role = config.Role,
                Endpoint = config.Endpoint,
                State = state,
                Error = state switch
                {
                    MySqlInstanceState.HandshakeTimeout => $"TCP accepted, no server greeting within {deadline.TotalSeconds:0.#} s",
                    MySqlInstanceState.Refused => "connection refused",
                    MySqlInstanceState.Unreachable => $"no TCP connection within {deadline.TotalSeconds:0.#} s",
                    _ => null,
                },
                Version = answering ? "10.11.6-MariaDB" : null,
                ServerId = answering ? n + 1 : null,
                ReadOnly = answering ? replica : null,
                Replication = answering && replica ? replicating : null,
                ReplicationChecked = answering,
                GreetingTime = answering ? TimeSpan.FromMilliseconds(1) : null,
            };
        }).ToList();
        return new MySqlClusterObservation(_cluster, now, instances, _config.LagThreshold);
    }
}
