using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Runtime;

/// <summary>Told about every probe result and every evaluation (metrics, logs, tests). Must return quickly and not throw.</summary>
public interface IMonitorListener
{
    void OnProbed(ClusterRef cluster, IProbeUnit unit, ProbeResult result);

    void OnEvaluated(ClusterObservation observation, IReadOnlyList<AlertTransition> transitions);

    /// <summary>A reload removed or replaced the cluster: drop what is kept for it (series); it may be seen again later.</summary>
    void OnClusterRemoved(ClusterRef cluster)
    {
    }
}
