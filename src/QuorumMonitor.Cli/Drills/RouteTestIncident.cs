using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// The synthetic incident <c>monitor drill route-test</c> sends: labelled as a drill in its name, cluster and summary,
/// so that nobody acts on it, with an id of its own per run (a receiver folds its trigger and resolve together and
/// never folds it into a real incident).
/// </summary>
public static class RouteTestIncident
{
    public const string AlertName = "QuorumMonitorRouteTest";
    public const string Cluster = "quorum-monitor-drill";

    /// <param name="resolvedAt">Null for the trigger; the resolution time for the resolve.</param>
    public static IncidentReport Build(Severity severity, DateTimeOffset startedAt, string runId, DateTimeOffset? resolvedAt = null)
    {
        var summary = $"[DRILL] Quorum Monitor route test {runId}: a synthetic incident sent by 'monitor drill route-test' to check alert routing. "
            + "No action needed; it resolves within seconds.";
        var root = new AlertReport
        {
            Name = AlertName,
            Severity = severity,
            State = resolvedAt is null ? AlertState.Firing : AlertState.Resolved,
            Kind = "monitor",
            Cluster = Cluster,
            Summary = summary,
            Labels = new Dictionary<string, string> { ["drill"] = "route-test" },
            ActiveSince = startedAt,
            FiringSince = startedAt,
            ResolvedAt = resolvedAt,
        };
        return new IncidentReport
        {
            Id = "drill-route-test-" + runId,
            Severity = severity,
            State = resolvedAt is null ? IncidentState.Open : IncidentState.Resolved,
            Summary = summary,
            RootCause = root,
            Clusters = [Cluster],
            Annotations = ["drill: route test, not a real incident"],
            StartedAt = startedAt,
            ResolvedAt = resolvedAt,
        };
    }
}
