using System.Globalization;
using System.Text;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Cli.Nagios;

/// <summary>
/// <c>monitor check --format nagios</c>: a plugin's output as the Nagios plugin guidelines define it. The first line is
/// <c>STATUS - summary | perfdata</c>; the lines after it (the long output) name each firing alert. No other '|' is
/// written: Nagios reads text after one as performance data.
/// </summary>
public static class NagiosText
{
    /// <summary>Root causes named on the first line; more are counted (the long output lists them all).</summary>
    private const int NamedOnFirstLine = 3;

    /// <param name="config">Where the thresholds come from; null (the config did not load) writes no perfdata.</param>
    public static string Format(StatusReport report, MonitorConfig? config)
    {
        var sb = new StringBuilder(report.Status.ToString().ToUpperInvariant()).Append(" - ");
        if (report.Error is not null)
        {
            return sb.Append(Clean(report.Error)).AppendLine().ToString();
        }

        var firing = report.Alerts.Where(a => a.State == AlertState.Firing).ToList();
        sb.Append(Clean(Summary(report, firing)));
        var perf = config is null ? [] : NagiosPerfData.For(report, config);
        if (perf.Count > 0)
        {
            sb.Append(" | ").AppendJoin(' ', perf);
        }

        sb.AppendLine();
        foreach (var a in firing)
        {
            var line = $"{(a.Severity == Severity.Page ? "PAGE" : "WARNING")} {a.Name}: {a.Summary}"
                + (a.CausedBy is null ? "" : $" [symptom of {a.CausedBy}]");
            sb.Append(Clean(line)).AppendLine();
        }

        return sb.ToString();
    }

    private static string Summary(StatusReport report, List<AlertReport> firing)
    {
        var pages = firing.Count(a => a.Severity == Severity.Page);
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{pages} page(s), {firing.Count - pages} warning(s) firing");
        var causes = firing.Where(a => a.CausedBy is null).OrderBy(a => a.Severity == Severity.Page ? 0 : 1).ToList();
        if (causes.Count > 0)
        {
            sb.Append(": ").AppendJoin(", ", causes.Take(NamedOnFirstLine).Select(a => $"{a.Name} on {a.Kind}/{a.Cluster}"));
            if (causes.Count > NamedOnFirstLine)
            {
                sb.Append(CultureInfo.InvariantCulture, $" and {causes.Count - NamedOnFirstLine} more");
            }
        }

        return sb.Append("; ").AppendJoin(", ", report.Clusters.Select(c => $"{c.Kind}/{c.Name} {c.State}")).ToString();
    }

    private static string Clean(string text) => text.Replace('|', '/').ReplaceLineEndings(" ");
}
