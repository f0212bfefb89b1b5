using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Delivery;

namespace QuorumMonitor.Notify.Alertmanager;

/// <summary>
/// Builds the <c>POST /api/v2/alerts</c> body. One incident is one alert: the root cause's name is the alertname,
/// symptoms ride in annotations (never as alerts of their own: they are muted). Firing alerts carry an endsAt a few
/// re-send periods ahead, so that Alertmanager resolves them by itself if the monitor dies.
/// </summary>
public sealed partial class AlertmanagerAlerts(IncidentLinks links, TimeSpan resendInterval)
{
    public const string WatchdogName = "Watchdog";
    private const int MaxSymptoms = 20;

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();

    public TimeSpan Validity => resendInterval * 4;

    public JsonObject Alert(Notification n, DateTimeOffset now)
    {
        var incident = n.Incident;
        var root = incident.RootCause;
        var labels = new JsonObject
        {
            ["alertname"] = root.Name,
            ["cluster"] = root.Cluster,
            ["kind"] = root.Kind,
            ["severity"] = Names.Kebab(incident.Severity),
            ["incident"] = n.DedupKey,
        };
        foreach (var (k, v) in root.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (LabelName().IsMatch(k) && !labels.ContainsKey(k))
            {
                labels[k] = v;
            }
        }

        var annotations = new JsonObject
        {
            ["summary"] = incident.Summary,
            ["root_cause"] = root.Summary,
            ["incident_url"] = links.Incident(n.Incident.Id),
        };
        if (links.Runbook(root.Name) is { } runbook)
        {
            annotations["runbook_url"] = runbook;
        }

        if (incident.Symptoms.Count > 0)
        {
            annotations["symptoms"] = string.Join("\n", incident.Symptoms.Take(MaxSymptoms).Select(s => $"{s.Name} ({s.Cluster}): {s.Summary}"))
                + (incident.Symptoms.Count > MaxSymptoms ? $"\n... and {incident.Symptoms.Count - MaxSymptoms} more" : "");
        }

        if (incident.Annotations.Count > 0)
        {
            annotations["notes"] = string.Join("\n", incident.Annotations);
        }

        var ends = n.Action == NotificationAction.Resolve ? incident.ResolvedAt ?? n.At : now + Validity;
        return new JsonObject
        {
            ["labels"] = labels,
            ["annotations"] = annotations,
            ["startsAt"] = Timestamps.Rfc3339(incident.StartedAt),
            ["endsAt"] = Timestamps.Rfc3339(ends),
            ["generatorURL"] = links.Incident(n.Incident.Id),
        };
    }

    /// <summary>Always firing while the monitor runs: an external dead man's switch pages when it stops arriving.</summary>
    public JsonObject Watchdog(DateTimeOffset startedAt, DateTimeOffset now) => new()
    {
        ["labels"] = new JsonObject
        {
            ["alertname"] = WatchdogName,
            ["severity"] = "none",
            ["monitor"] = links.Base.Authority,
        },
        ["annotations"] = new JsonObject
        {
            ["summary"] = "Quorum Monitor is running and can reach Alertmanager. Always firing: route it to a dead man's switch, which pages when it stops.",
        },
        ["startsAt"] = Timestamps.Rfc3339(startedAt),
        ["endsAt"] = Timestamps.Rfc3339(now + Validity),
        ["generatorURL"] = links.Base.ToString(),
    };
}
