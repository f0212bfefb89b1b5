namespace QuorumMonitor.Core.Model;

/// <summary>One entry of an incident's timeline: an alert changed state, a symptom joined, the incident resolved.</summary>
public sealed record IncidentEvent(DateTimeOffset At, string Kind, string Text);
