using QuorumMonitor.Core.Config;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.MySql.Probes;

/// <summary>One configured primary and its replicas: a probe unit per instance, assembled into the failover view.</summary>
public sealed class MySqlClusterMonitor : IClusterMonitor
{
    private readonly IReadOnlyList<MySqlInstanceProbe> _instances;
    private readonly TimeSpan _lagThreshold;
    private readonly int _minStandbys;

    public MySqlClusterMonitor(MySqlClusterConfig config, MonitorSettings settings, TimeProvider time)
    {
        Cluster = new ClusterRef(MySqlKind.KindName, config.Name);
        _lagThreshold = config.LagThreshold;
        _minStandbys = config.MinStandbys;
        var deadline = config.Deadline ?? settings.Deadline;
        _instances = config.Instances.Select(i => new MySqlInstanceProbe(i, config.Heartbeat, deadline, time)).ToList();
    }

    public ClusterRef Cluster { get; }

    public IReadOnlyList<IProbeUnit> Units => _instances;

    public ClusterObservation Assemble(IReadOnlyList<ProbeResult?> results, DateTimeOffset at)
    {
        var instances = new List<MySqlInstanceResult>(_instances.Count);
        for (var i = 0; i < _instances.Count; i++)
        {
            var config = _instances[i].Config;
            instances.Add(results[i] as MySqlInstanceResult ?? new MySqlInstanceResult
            {
                UnitId = _instances[i].Id,
                At = at,
                Duration = TimeSpan.Zero,
                Name = config.Name,
                Role = config.Role,
                Endpoint = config.Endpoint,
                State = MySqlInstanceState.Error,
                Error = "not probed yet",
            });
        }

        return new MySqlClusterObservation(Cluster, at, instances, _lagThreshold) { MinStandbys = _minStandbys };
    }
}
