using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Probes.Admin;
using QuorumMonitor.ZooKeeper.Config;

namespace QuorumMonitor.ZooKeeper.Probes;

/// <summary>One configured ensemble: a probe unit per member, assembled into the ensemble model.</summary>
public sealed class ZooKeeperEnsembleMonitor : IClusterMonitor
{
    private readonly IReadOnlyList<ZooKeeperMemberProbe> _members;
    private readonly TimeSpan _electionGrace;

    public ZooKeeperEnsembleMonitor(ZooKeeperClusterConfig config, MonitorSettings settings, AdminServerClient admin, TimeProvider time)
    {
        Cluster = new ClusterRef(ZooKeeperKind.KindName, config.Name);
        _electionGrace = config.ElectionGrace;
        var deadline = config.Deadline ?? settings.Deadline;
        _members = config.Servers
            .Select((server, i) => new ZooKeeperMemberProbe(
                server,
                i < config.AdminUrls.Count ? config.AdminUrls[i] : null,
                config.SessionCheck,
                deadline,
                admin,
                time,
                declaredObserver: config.Observers.Contains(server)))
            .ToList();
    }

    public ClusterRef Cluster { get; }

    public IReadOnlyList<IProbeUnit> Units => _members;

    public ClusterObservation Assemble(IReadOnlyList<ProbeResult?> results, DateTimeOffset at)
    {
        var members = new List<ZooKeeperMemberResult>(_members.Count);
        for (var i = 0; i < _members.Count; i++)
        {
            members.Add(results[i] as ZooKeeperMemberResult ?? new ZooKeeperMemberResult
            {
                UnitId = _members[i].Id,
                At = at,
                Duration = TimeSpan.Zero,
                Address = _members[i].Address,
                State = ZooKeeperMemberState.Error,
                Error = "not probed yet",
                DeclaredObserver = _members[i].DeclaredObserver,
            });
        }

        return new ZooKeeperEnsembleObservation(Cluster, at, members) { ElectionGrace = _electionGrace };
    }
}
