using Mediator;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Incidents;

namespace QuorumMonitor.Runtime.Reload;

/// <summary>
/// A validated reload, its new cluster monitors already built: applied on the pipeline's dispatcher, between two
/// events, so no handler ever sees half a cluster set. Everything slow (reading the file, building clients) is done.
/// </summary>
public sealed class ApplyConfigReload(ClusterSetDiff diff, IReadOnlyDictionary<ClusterRef, IClusterMonitor> monitors, Topology topology) : INotification
{
    public ClusterSetDiff Diff => diff;

    /// <summary>The new monitor of each changed and added cluster.</summary>
    public IReadOnlyDictionary<ClusterRef, IClusterMonitor> Monitors => monitors;

    public Topology Topology => topology;

    public TaskCompletionSource Applied { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the reloader stopped waiting: a late dispatcher must not apply what was reported as failed.</summary>
    public bool Abandoned { get; set; }
}
