namespace QuorumMonitor.Core.Config;

/// <summary>
/// <c>monitor.shard</c>: this monitor is shard <see cref="Index"/> of <see cref="Count"/> and runs only the clusters
/// <see cref="Sharding.ShardAssignment"/> gives it. Absent = shard 0 of 1, which owns every cluster.
/// </summary>
public sealed record ShardSettings(int Index, int Count)
{
    /// <summary>The limit on <c>count</c>: far past any fleet, small enough that a typo (an extra zero) stands out.</summary>
    public const int MaxCount = 10_000;

    /// <summary>One shard owning everything: the monitor without <c>monitor.shard</c>.</summary>
    public static ShardSettings Whole { get; } = new(0, 1);
}
