using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Notify.Tests;

/// <summary>Incidents as the incident tracker hands them to delivery.</summary>
internal static class Incidents
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    public static IncidentReport QuorumLost(string id, string cluster = "zk-realtime", Severity severity = Severity.Page, bool resolved = false, DateTimeOffset? at = null)
    {
        var started = at ?? T0;
        return new IncidentReport
        {
            Id = id,
            Severity = severity,
            State = resolved ? IncidentState.Resolved : IncidentState.Open,
            Summary = $"ZooKeeper ensemble {cluster} has lost quorum (1 of 3 voters serving, 2 needed)",
            RootCause = new AlertReport
            {
                Name = severity == Severity.Page ? "ZooKeeperQuorumLost" : "ZooKeeperNoFaultTolerance",
                Severity = severity,
                State = resolved ? AlertState.Resolved : AlertState.Firing,
                Kind = "zookeeper",
                Cluster = cluster,
                Summary = $"{cluster}: 2 of 3 members refuse connections",
                ActiveSince = started,
                FiringSince = started,
                ResolvedAt = resolved ? started.AddMinutes(5) : null,
            },
            Symptoms =
            [
                new AlertReport
                {
                    Name = "ZooKeeperMemberDown",
                    Severity = Severity.Warning,
                    State = AlertState.Firing,
                    Kind = "zookeeper",
                    Cluster = cluster,
                    Summary = "member 127.0.0.1:2182 refuses connections",
                    Labels = new Dictionary<string, string> { ["member"] = "127.0.0.1:2182" },
                },
            ],
            Clusters = [cluster],
            Annotations = ["2 of 3 members of " + cluster + " restarted within 40 s"],
            StartedAt = started,
            ResolvedAt = resolved ? started.AddMinutes(5) : null,
        };
    }

    public static IncidentChange Opened(IncidentReport incident, DateTimeOffset? at = null) =>
        new(IncidentChangeKind.Opened, incident, at ?? incident.StartedAt);

    public static IncidentChange Resolved(string id, string cluster = "zk-realtime", Severity severity = Severity.Page) =>
        new(IncidentChangeKind.Resolved, QuorumLost(id, cluster, severity, resolved: true), T0.AddMinutes(5));
}
