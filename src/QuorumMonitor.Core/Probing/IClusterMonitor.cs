using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Core.Probing;

/// <summary>One configured cluster: the units to probe and how to assemble their results into one observation.</summary>
public interface IClusterMonitor
{
    ClusterRef Cluster { get; }

    IReadOnlyList<IProbeUnit> Units { get; }

    /// <param name="results">The latest result per unit, in <see cref="Units"/> order; null where none has arrived yet.</param>
    ClusterObservation Assemble(IReadOnlyList<ProbeResult?> results, DateTimeOffset at);
}
