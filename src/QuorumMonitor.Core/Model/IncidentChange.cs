namespace QuorumMonitor.Core.Model;

/// <summary>What delivery consumes: an incident as it is now, and what just happened to it.</summary>
public sealed record IncidentChange(IncidentChangeKind Kind, IncidentReport Incident, DateTimeOffset At);
