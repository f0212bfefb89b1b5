using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Core.Self;

namespace QuorumMonitor.Runtime.Self;

/// <summary>The monitor as a cluster of its own, probed on the same schedule as every other cluster.</summary>
public sealed class MonitorSelfCluster(MonitorSelfUnit unit) : IClusterMonitor
{
    public ClusterRef Cluster => MonitorSelfObservation.Ref;

    public IReadOnlyList<IProbeUnit> Units { get; } = [unit];

    public ClusterObservation Assemble(IReadOnlyList<ProbeResult?> results, DateTimeOffset at) =>
        new MonitorSelfObservation(Cluster, at, results[0] as MonitorLoadResult);
}
