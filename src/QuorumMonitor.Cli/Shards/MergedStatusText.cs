using System.Globalization;
using System.Text;

namespace QuorumMonitor.Cli.Shards;

/// <summary><c>monitor status</c> over several monitors: the merged cluster lines, then one line per monitor and each gap.</summary>
public static class MergedStatusText
{
    public static string Format(MergedStatus merged, Painter paint)
    {
        var sb = new StringBuilder(TriageText.StatusLines(merged.Report, paint));
        foreach (var answer in merged.Answers.Where(a => a.Report is not null))
        {
            var report = answer.Report!;
            var shard = report.Shard is { } s ? $"shard {s.Index} of {s.Count}, " : "";
            var owned = report.Shard?.Owned.Count ?? report.Clusters.Count;
            sb.Append(CultureInfo.InvariantCulture, $"      monitor {answer.Url}: {shard}{owned} cluster(s), {report.Status.ToString().ToUpperInvariant()}").AppendLine();
        }

        foreach (var problem in merged.Problems)
        {
            sb.Append(paint.Red("UNKN")).Append("  ").Append(problem).AppendLine();
        }

        return sb.ToString();
    }
}
