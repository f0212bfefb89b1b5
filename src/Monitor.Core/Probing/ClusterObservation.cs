using Monitor.Core.Model;

namespace Monitor.Core.Probing;

/// <summary>A cluster as assembled from the latest result of each of its probe units; what rules evaluate.</summary>
public abstract record ClusterObservation(ClusterRef Cluster, DateTimeOffset At)
{
    public abstract ClusterReport ToReport();
}
