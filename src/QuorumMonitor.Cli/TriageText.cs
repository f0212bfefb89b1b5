using System.Globalization;
using System.Text;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Host;

namespace QuorumMonitor.Cli;

/// <summary>What an on-call engineer reads first: the incident, its root cause, its symptoms, what to check next.</summary>
public static class TriageText
{
    /// <summary>
    /// Permits held (who is restarting what, until when) and refused recently (who was told no, and why); nothing when
    /// the report has no permits section (<c>monitor check</c>) or neither list has an entry.
    /// </summary>
    public static string PermitLines(PermitsReport? permits)
    {
        var sb = new StringBuilder();
        if (permits is null || (permits.Held.Count == 0 && permits.Refused.Count == 0))
        {
            return "";
        }

        sb.Append(CultureInfo.InvariantCulture, $"PERMITS: {permits.Held.Count} held, {permits.Refused.Count} refused recently").AppendLine();
        foreach (var p in permits.Held)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  HELD     #{p.Id} {p.Cluster} {p.Member} by {p.Holder} until {p.ExpiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'}{(p.Forced ? " FORCED" : "")}{(p.SeenDown ? ", seen down" : "")}: {p.Reason}").AppendLine();
        }

        foreach (var r in permits.Refused)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  REFUSED  {r.At:yyyy-MM-dd'T'HH:mm:ss'Z'} {r.Cluster} {r.Member} for {r.Holder}{(r.Reason.Length == 0 ? "" : $" ({r.Reason})")}: {r.Refusal}").AppendLine();
        }

        return sb.ToString();
    }

    public static string StatusLines(StatusReport report, Painter paint)
    {
        var sb = new StringBuilder();
        foreach (var c in report.Clusters)
        {
            var firing = report.Alerts.Where(a => a.State == AlertState.Firing && a.Kind == c.Kind && a.Cluster == c.Name).ToList();
            var tag = firing.Any(a => a.Severity == Severity.Page) ? paint.Red("CRIT")
                : firing.Count > 0 ? paint.Yellow("WARN")
                : paint.Green("OK  ");
            var serving = c.Members.Count(m => m.State is "serving" or "ok" or "up");
            sb.Append(CultureInfo.InvariantCulture, $"{tag}  {c.Kind}/{c.Name,-24} {c.State,-10} {serving}/{c.Members.Count} members up");
            if (c.Details.TryGetValue("faultToleranceLeft", out var tolerance))
            {
                sb.Append(CultureInfo.InvariantCulture, $", can lose {tolerance} more");
            }

            if (firing.Count > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"; {string.Join(", ", firing.Select(a => a.Name).Distinct(StringComparer.Ordinal))}");
            }

            sb.AppendLine();
            // A member down on purpose says whose restart it is, so nobody restarts it again or pages for it.
            foreach (var m in c.Members)
            {
                if (m.Details.TryGetValue("plannedRestart", out var planned) && planned?.ToString() is { Length: > 0 } text)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"      PERMIT {m.Address} {m.State}: {text}").AppendLine();
                }
            }
        }

        sb.Append(PermitLines(report.Permits));
        if (report.Delivery is { } delivery)
        {
            // If paging is broken, say so next to the clusters: a quiet status must not hide a dead alert channel.
            var failing = delivery.Channels.Where(c => !c.Healthy).ToList();
            sb.Append(delivery.Healthy ? paint.Green("OK  ") : paint.Red("CRIT"))
                .Append(CultureInfo.InvariantCulture, $"  alert delivery: {(delivery.Healthy ? "healthy" : "FAILING")}, {delivery.QueueDepth} queued");
            foreach (var c in failing)
            {
                sb.Append(CultureInfo.InvariantCulture, $"; {c.Name} ({c.Kind}) failing: {c.Reason ?? "no reason given"}");
            }

            sb.AppendLine();
        }

        var open = report.Incidents.Count(i => i.State == IncidentState.Open);
        sb.Append(CultureInfo.InvariantCulture, $"{report.Status.ToString().ToUpperInvariant()}: {report.Clusters.Count} cluster(s), {open} open incident(s)").AppendLine();
        return sb.ToString();
    }

    public static string Incident(IncidentReport incident, DateTimeOffset now, Painter paint)
    {
        var sb = new StringBuilder();
        var severity = incident.Severity == Severity.Page ? paint.Red("PAGE") : paint.Yellow("WARNING");
        sb.Append(CultureInfo.InvariantCulture,
            $"{paint.Bold("INCIDENT " + incident.Id)}  {severity}  {Names.Kebab(incident.State)} since {incident.StartedAt:HH:mm:ss} UTC ({Ago(now - incident.StartedAt)} ago)").AppendLine();
        sb.Append("  ").Append(incident.Summary).AppendLine().AppendLine();

        var root = incident.RootCause;
        sb.AppendLine(paint.Bold("ROOT CAUSE"));
        sb.Append(CultureInfo.InvariantCulture, $"  {root.Key}  {Names.Kebab(root.State)}").AppendLine();
        sb.Append("  ").Append(root.Summary).AppendLine().AppendLine();

        sb.AppendLine(paint.Bold($"SYMPTOMS ({incident.Symptoms.Count}, muted: they do not page on their own)"));
        if (incident.Symptoms.Count == 0)
        {
            sb.AppendLine("  none");
        }

        foreach (var s in incident.Symptoms)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  - {s.Key} {Names.Kebab(s.State)}: {s.Summary}").AppendLine();
        }

        if (incident.Annotations.Count > 0)
        {
            sb.AppendLine().AppendLine(paint.Bold("NOTES"));
            foreach (var note in incident.Annotations)
            {
                sb.Append("  - ").Append(note).AppendLine();
            }
        }

        sb.AppendLine().AppendLine(paint.Bold("TIMELINE"));
        foreach (var e in incident.Timeline)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {e.At:HH:mm:ss}  {e.Kind,-10} {e.Text}").AppendLine();
        }

        var runbook = MonitorKinds.Runbooks.For(root.Name);
        sb.AppendLine().AppendLine(paint.Bold("CHECK NEXT"));
        for (var i = 0; i < runbook.NextSteps.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {i + 1}. {runbook.NextSteps[i]}").AppendLine();
        }

        sb.Append("  Runbook: ").Append(runbook.Link).AppendLine();
        return sb.ToString();
    }

    private static string Ago(TimeSpan t) =>
        t.TotalMinutes < 1 ? $"{t.TotalSeconds:0}s" : t.TotalHours < 1 ? $"{t.TotalMinutes:0}m" : $"{t.TotalHours:0.#}h";
}
