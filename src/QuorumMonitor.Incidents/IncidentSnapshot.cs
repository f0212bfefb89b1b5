using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Incidents;

/// <summary>
/// One incident as the tracker holds it, whole: what <see cref="IIncidentStore"/> keeps so that a restarted monitor
/// carries on with the same incident, the same id and the same timeline. Immutable: taken under the tracker's lock,
/// written later, off it.
/// </summary>
public sealed record IncidentSnapshot
{
    /// <summary>Creation order in the tracker, unique within one state file (ids are not: see <c>docs/architecture.md</c>).</summary>
    public required long Seq { get; init; }

    public required string Id { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Every alert of the incident, as last seen, in the order they joined.</summary>
    public required IReadOnlyList<AlertReport> Alerts { get; init; }

    public required string RootFingerprint { get; init; }

    public required IncidentTimelineSnapshot Timeline { get; init; }

    public bool Announced { get; init; }

    public IncidentState State { get; init; }

    public DateTimeOffset? QuietSince { get; init; }

    public DateTimeOffset LastFiringAt { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }
}
