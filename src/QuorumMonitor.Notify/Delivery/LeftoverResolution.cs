using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>The resolve of an incident that was firing when the monitor last stopped and has not been seen since.</summary>
internal static class LeftoverResolution
{
    public static IncidentReport Of(IncidentRecord r, DateTimeOffset now, TimeSpan resumeGrace)
    {
        var note = $"Resolved by Quorum Monitor: still firing when it last stopped, not seen again within {Math.Round(resumeGrace.TotalSeconds)}s of its restart.";
        return new IncidentReport
        {
            Id = r.TrackerId,
            Severity = r.Incident.Severity,
            State = IncidentState.Resolved,
            Summary = r.Incident.Summary,
            RootCause = r.Incident.RootCause,
            Symptoms = r.Incident.Symptoms,
            Clusters = r.Incident.Clusters,
            Annotations = [.. r.Incident.Annotations, note],
            StartedAt = r.Incident.StartedAt,
            ResolvedAt = now,
            Timeline = r.Incident.Timeline,
        };
    }
}
