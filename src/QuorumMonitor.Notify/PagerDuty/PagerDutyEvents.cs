using System.Text;
using System.Text.Json.Nodes;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Delivery;

namespace QuorumMonitor.Notify.PagerDuty;

/// <summary>
/// Builds Events API v2 bodies: trigger and resolve with dedup_key = the incident's key, so that every message about
/// one incident lands on one PagerDuty incident however often it is delivered.
/// </summary>
public sealed class PagerDutyEvents(IncidentLinks links)
{
    public const int MaxSummary = 1024;
    public const int MaxDedupKey = 255;
    private const int MaxSymptoms = 50;

    public string Build(Notification n, Secret routingKey)
    {
        var body = new JsonObject
        {
            ["routing_key"] = routingKey.Reveal(),
            ["event_action"] = n.Action == NotificationAction.Trigger ? "trigger" : "resolve",
            ["dedup_key"] = Truncate(n.DedupKey, MaxDedupKey),
        };
        if (n.Action == NotificationAction.Trigger)
        {
            body["payload"] = Payload(n);
            body["links"] = new JsonArray(new JsonObject { ["href"] = links.Incident(n.Incident.Id), ["text"] = "Incident in Quorum Monitor" });
            if (links.Runbook(n.Incident.RootCause.Name) is { } runbook)
            {
                ((JsonArray)body["links"]!).Add(new JsonObject { ["href"] = runbook, ["text"] = "Runbook" });
            }

            body["client"] = "Quorum Monitor";
            body["client_url"] = links.Incident(n.Incident.Id);
        }

        return body.ToJsonString();
    }

    /// <summary>page wakes someone (critical); warning waits for working hours.</summary>
    public static string SeverityOf(Severity severity) => severity == Severity.Page ? "critical" : "warning";

    private static JsonObject Payload(Notification n)
    {
        var incident = n.Incident;
        var root = incident.RootCause;
        var details = new JsonObject
        {
            ["incident"] = n.DedupKey,
            ["root_cause"] = $"{root.Name} ({root.Kind}/{root.Cluster}): {root.Summary}",
            ["clusters"] = new JsonArray(incident.Clusters.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
        };
        if (incident.Symptoms.Count > 0)
        {
            details["symptoms"] = new JsonArray(incident.Symptoms.Take(MaxSymptoms)
                .Select(s => (JsonNode?)JsonValue.Create($"{s.Name} ({s.Kind}/{s.Cluster}): {s.Summary}")).ToArray());
        }

        if (incident.Annotations.Count > 0)
        {
            details["notes"] = new JsonArray(incident.Annotations.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        }

        foreach (var (k, v) in root.Labels)
        {
            details.TryAdd(k, v);
        }

        return new JsonObject
        {
            ["summary"] = Truncate(incident.Summary, MaxSummary),
            ["source"] = $"{root.Kind}/{root.Cluster}",
            ["severity"] = SeverityOf(incident.Severity),
            ["timestamp"] = Timestamps.Rfc3339(incident.StartedAt),
            ["component"] = root.Cluster,
            ["group"] = root.Kind,
            ["class"] = root.Name,
            ["custom_details"] = details,
        };
    }

    private static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var sb = new StringBuilder(text, 0, max - 3, max);
        return sb.Append("...").ToString();
    }
}
