namespace QuorumMonitor.Core.Model;

/// <summary>
/// Correlated alerts as one incident: the root cause pages, its symptoms ride along muted. The id is stable for
/// the incident's life and is the dedup key of every notification about it.
/// </summary>
public sealed class IncidentReport
{
    public required string Id { get; init; }
    public required Severity Severity { get; init; }
    public required IncidentState State { get; init; }
    public required string Summary { get; init; }
    public required AlertReport RootCause { get; init; }
    public IReadOnlyList<AlertReport> Symptoms { get; init; } = [];

    /// <summary>Clusters the incident touches, root cause first.</summary>
    public IReadOnlyList<string> Clusters { get; init; } = [];

    /// <summary>Notes such as "2 of 3 members of zk-realtime restarted within 40 s".</summary>
    public IReadOnlyList<string> Annotations { get; init; } = [];
    /// <summary>
    /// Why an open incident has not been paged yet (start-up hold, or a monitor that cannot trust its own probes):
    /// shown as suspect. Null once announced.
    /// </summary>
    public string? HeldBecause { get; init; }

    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public IReadOnlyList<IncidentEvent> Timeline { get; init; } = [];
}
