using QuorumMonitor.Core.Model;
using Prometheus;
using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.ZooKeeper.Model;

namespace QuorumMonitor.ZooKeeper;

/// <summary>The <c>quorum_monitor_zookeeper_*</c> series (README: Metrics), pinned by MetricNamesTests.</summary>
internal sealed class ZooKeeperMetrics : IClusterMetrics
{
    private const string Prefix = "quorum_monitor_zookeeper_";

    private readonly Gauge _voters;
    private readonly Gauge _quorum;
    private readonly Gauge _servingVoters;
    private readonly Gauge _faultTolerance;
    private readonly Gauge _leader;

    public ZooKeeperMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        _voters = f.CreateGauge(Prefix + "voters", "Voting members of the ensemble.", ["cluster"]);
        _quorum = f.CreateGauge(Prefix + "quorum_size", "Votes needed for a quorum: floor(voters/2)+1.", ["cluster"]);
        _servingVoters = f.CreateGauge(Prefix + "serving_voters", "Voting members currently serving.", ["cluster"]);
        _faultTolerance = f.CreateGauge(Prefix + "fault_tolerance", "More voter failures the ensemble survives; 0 = the next failure loses quorum.", ["cluster"]);
        _leader = f.CreateGauge(Prefix + "member_leader", "1 when the member is the leader.", ["cluster", "member"]);
    }

    public void Forget(ClusterRef cluster)
    {
        foreach (var gauge in new[] { _voters, _quorum, _servingVoters, _faultTolerance, _leader })
        {
            DropCluster(gauge, 0, cluster.Name);
        }
    }

    public void Update(ClusterObservation observation)
    {
        if (observation is not ZooKeeperEnsembleObservation zk)
        {
            return;
        }

        var c = zk.Cluster.Name;
        _voters.WithLabels(c).Set(zk.Voters);
        _quorum.WithLabels(c).Set(zk.Quorum);
        _servingVoters.WithLabels(c).Set(zk.ServingVoters);
        _faultTolerance.WithLabels(c).Set(zk.FaultToleranceLeft);
        foreach (var m in zk.Members)
        {
            _leader.WithLabels(c, m.Address.ToString()).Set(m.State == ZooKeeperMemberState.Serving && m.Role is ZooKeeperRole.Leader or ZooKeeperRole.Standalone ? 1 : 0);
        }
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
