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

    public static IncidentReport Open(Severity severity, DateTimeOffset now, string runId)
    {
        var summary = $"[DRILL] Quorum Monitor route test {runId}: a synthetic incident sent by 'monitor drill route-test' to check alert routing. "
            + "No action needed; it resolves within seconds.";
        var root = new AlertReport
        {
            Name = AlertName,
            Severity = severity,
            State = AlertState.Firing,
            Kind = "monitor",
            Cluster = Cluster,
            Summary = summary,
            Labels = new Dictionary<string, string> { ["drill"] = "route-test" },
            ActiveSince = now,
            FiringSince = now,
        };
        return new IncidentReport
        {
            Id = "drill-route-test-" + runId,
            Severity = severity,
            State = IncidentState.Open,
            Summary = summary,
            RootCause = root,
            Clusters = [Cluster],
            Annotations = ["drill: route test, not a real incident"],
            StartedAt = now,
        };
    }

    public static IncidentReport Resolved(IncidentReport open, DateTimeOffset now) => open with
    {
        State = IncidentState.Resolved,
        ResolvedAt = now,
        RootCause = open.RootCause with { State = AlertState.Resolved, ResolvedAt = now },
    };
}
