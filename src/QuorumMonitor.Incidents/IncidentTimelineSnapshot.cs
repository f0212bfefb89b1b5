using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Incidents;

/// <summary>A bounded timeline as it is kept: its first events, its latest, and how many in between were dropped.</summary>
public sealed record IncidentTimelineSnapshot(
    IReadOnlyList<IncidentEvent> First,
    IReadOnlyList<IncidentEvent> Last,
    long Dropped,
    DateTimeOffset DroppedUntil);
