using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Notify.Outbox;

/// <summary>
/// What the receivers have been told about one incident: firing or resolved, on which channels. Persisted, so a
/// restarted monitor neither pages again for an incident it already paged, nor forgets to resolve it.
/// </summary>
/// <param name="DedupKey">The key every receiver knows the incident by; kept across restarts even if the incident tracker
/// hands the re-detected incident a new id.</param>
/// <param name="TrackerId">The id the correlation engine of this (or the last) run uses for it.</param>
/// <param name="Identity">Root cause alert identity (name, kind, cluster, labels): how a restarted incident tracker's new
/// incident is recognised as the old one.</param>
/// <param name="Fingerprint">Severity and root cause: a re-report with the same fingerprint is not news.</param>
public sealed record IncidentRecord(
    string DedupKey,
    string TrackerId,
    string Identity,
    bool Firing,
    string Fingerprint,
    IReadOnlyList<string> Channels,
    IncidentReport Incident,
    DateTimeOffset UpdatedAt);
