using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Core.Kinds;

/// <summary>
/// A kind's own metric series, updated after each evaluation of one of its clusters (after the series every kind
/// shares). Called under the metrics owner's lock, one observation at a time: must be quick and not throw.
/// </summary>
public interface IClusterMetrics
{
    void Update(ClusterObservation observation);

    /// <summary>A reload removed <paramref name="cluster"/>: drop every series (and any state) the kind keeps for it.</summary>
    void Forget(ClusterRef cluster);
}
