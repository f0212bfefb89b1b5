using System.Globalization;
using System.Text;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Cli;

/// <summary>The human-readable verdict: first line Nagios-style, then clusters and their members, then alerts.</summary>
public static class StatusText
{
    public static string Format(StatusReport report)
    {
        var sb = new StringBuilder();
        var firing = report.Alerts.Where(a => a.State == AlertState.Firing).ToList();
        var pages = firing.Count(a => a.Severity == Severity.Page);
        sb.Append(CultureInfo.InvariantCulture, $"{report.Status.ToString().ToUpperInvariant()}: {pages} page(s), {firing.Count - pages} warning(s) firing");
        if (report.Error is not null)
        {
            sb.Append(" - ").Append(report.Error);
        }

        sb.AppendLine();
        foreach (var c in report.Clusters)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{c.Kind}/{c.Name}: {c.State}");
            if (c.Details.TryGetValue("servingVoters", out var serving))
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $" (serving voters {serving}/{c.Details["voters"]}, quorum {c.Details["quorum"]}, can lose {c.Details["faultToleranceLeft"]} more)");
            }

            sb.AppendLine();
            foreach (var m in c.Members)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {m.Address,-22} {m.State,-12} {m.Role ?? "",-10}");
                if (m.Error is not null)
                {
                    sb.Append(' ').Append(m.Error);
                }

                // What a member's extra checks could not tell (it still counts by its state): shown, never hidden.
                if (m.Details.TryGetValue("problems", out var problems) && problems is IEnumerable<string> list)
                {
                    sb.Append(" problems: ").AppendJoin("; ", list);
                }

                sb.AppendLine();
            }
        }

        foreach (var i in report.Incidents)
        {
            sb.Append(CultureInfo.InvariantCulture, $"INCIDENT {i.Id} {Names.Kebab(i.Severity)} {Names.Kebab(i.State)}: {i.Summary}").AppendLine();
            sb.Append(CultureInfo.InvariantCulture, $"  root cause: {i.RootCause.Key} {Names.Kebab(i.RootCause.State)}").AppendLine();
            foreach (var symptom in i.Symptoms)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  symptom:    {symptom.Key} {Names.Kebab(symptom.State)}: {symptom.Summary}").AppendLine();
            }

            foreach (var note in i.Annotations)
            {
                sb.Append("  note:       ").Append(note).AppendLine();
            }
        }

        foreach (var a in report.Alerts)
        {
            var tag = a.State == AlertState.Firing ? (a.Severity == Severity.Page ? "PAGE" : "WARNING") : a.State.ToString().ToUpperInvariant();
            sb.Append(CultureInfo.InvariantCulture, $"{tag,-8} {a.Name}: {a.Summary}");
            if (a.CausedBy is not null)
            {
                sb.Append(" [symptom of ").Append(a.CausedBy).Append(']');
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}
