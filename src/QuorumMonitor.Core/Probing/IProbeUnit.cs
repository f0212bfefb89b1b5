namespace QuorumMonitor.Core.Probing;

/// <summary>
/// The smallest thing probed on its own, with its own deadline (one ZooKeeper member, one MySQL instance):
/// a target that hangs can only ever cost its own unit.
/// </summary>
public interface IProbeUnit
{
    string Id { get; }

    TimeSpan Deadline { get; }

    Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken);

    /// <summary>The result to record when the runner had to give up on the unit.</summary>
    ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed);
}
