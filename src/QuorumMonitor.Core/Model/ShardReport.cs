namespace QuorumMonitor.Core.Model;

/// <summary>
/// The <c>shard</c> object of <c>/api/v1/status</c>: which shard this monitor is (<c>monitor.shard</c>; 0 of 1
/// without it), the clusters it owns by name, and how many configured clusters other shards own.
/// </summary>
public sealed record ShardReport
{
    public required int Index { get; init; }

    public required int Count { get; init; }

    /// <summary>The clusters this shard probes, evaluates, alerts on and exports, by name (names are unique across kinds).</summary>
    public IReadOnlyList<string> Owned { get; init; } = [];

    /// <summary>Configured clusters this shard leaves to the others.</summary>
    public int NotOwned { get; init; }
}
