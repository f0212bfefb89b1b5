namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>Every committed offset of one group, as OffsetFetch returned it (partitions without a commit left out).</summary>
public sealed record GroupCommits(string Group, string? Sink, IReadOnlyList<CommittedOffset> Offsets)
{
    /// <summary>Found by ListGroups, not configured: judged only while active (its commits advanced recently).</summary>
    public bool Discovered { get; init; }
}
