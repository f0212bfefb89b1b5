using System.Globalization;

namespace QuorumMonitor.Cli.Drills;

/// <summary>The text report of <c>monitor drill run</c>: one block per drill, then one verdict line.</summary>
public static class DrillReportText
{
    public static string Format(IReadOnlyList<DrillResult> results)
    {
        var text = new System.Text.StringBuilder();
        foreach (var r in results)
        {
            text.Append(CultureInfo.InvariantCulture, $"DRILL {r.Drill}: {(r.Passed ? "PASS" : "FAIL")} ({r.DurationSeconds:0.0} s)\n");
            text.Append(CultureInfo.InvariantCulture, $"  fault injected at   {(r.FaultInjectedAt is { } at ? at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) : "never")}{(r.Fault is null ? "" : ": " + r.Fault)}\n");
            text.Append(CultureInfo.InvariantCulture, $"  false pages before  {r.FalsePagesBeforeFault} (expect 0)\n");

            foreach (var c in r.Channels)
            {
                var first = c.FirstPageSeconds is { } s ? $"first page +{s:0.000} s" : "no page";
                var named = c.RootCause is null ? "" : $", root cause {c.RootCause}";
                var refused = c.Refused > 0 ? $", {c.Refused} refused" : "";
                var expect = c.ExpectedPages == 0 ? "expect none accepted" : $"expect {c.ExpectedPages}{(c.ExpectedRootCause is null ? "" : " named " + c.ExpectedRootCause)}";
                text.Append(CultureInfo.InvariantCulture, $"  {c.Channel,-13} {first}, {c.Pages} page(s) sent{named}{refused} ({expect}) {(c.Passed ? "ok" : "FAIL")}\n");
            }

            foreach (var f in r.Failures)
            {
                text.Append(CultureInfo.InvariantCulture, $"  FAILED: {f}\n");
            }
        }

        var passed = results.Count(r => r.Passed);
        text.Append(CultureInfo.InvariantCulture, $"{passed} of {results.Count} drill(s) passed\n");
        return text.ToString();
    }
}
