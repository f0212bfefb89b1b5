using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Cli.Tests;

/// <summary>Issue 15, scope 6: <c>monitor status</c> and <c>monitor triage</c> list the permits held and refused recently.</summary>
public class PermitLinesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 21, 40, 0, TimeSpan.Zero);

    private static StatusReport Report(PermitsReport? permits) => new()
    {
        Status = MonitorStatus.Ok,
        Clusters = [new ClusterReport { Kind = "mysql", Name = "orders", State = "ok", Members = [new MemberReport { Address = "db1:3306", State = "ok" }] }],
        Permits = permits,
    };

    [Fact]
    public void Held_and_refused_permits_are_listed_under_the_clusters_with_who_what_and_why()
    {
        var permits = new PermitsReport
        {
            Held =
            [
                new HeldPermitReport
                {
                    Id = 7, Kind = "mysql", Cluster = "orders", Member = "primary", Holder = "ops@db-1", Reason = "disk swap",
                    GrantedAt = At, ExpiresAt = At.AddMinutes(15), Forced = true, SeenDown = true,
                },
            ],
            Refused =
            [
                new PermitRefusalReport
                {
                    At = At.AddSeconds(5), Cluster = "orders", Member = "replica-1", Holder = "ansible@db-2", Reason = "patching",
                    Refusal = "orders cannot lose replica-1 now: primary is under forced permit #7 held by ops@db-1: disk swap",
                },
            ],
        };

        var text = TriageText.StatusLines(Report(permits), new Painter(false));

        Assert.Contains("PERMITS: 1 held, 1 refused recently\n", text, StringComparison.Ordinal);
        Assert.Contains("  HELD     #7 orders primary by ops@db-1 until 2026-12-01T21:55:00Z FORCED, seen down: disk swap\n", text, StringComparison.Ordinal);
        Assert.Contains("  REFUSED  2026-12-01T21:40:05Z orders replica-1 for ansible@db-2 (patching): orders cannot lose replica-1 now: primary is under forced permit #7 held by ops@db-1: disk swap\n", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("mysql/orders", StringComparison.Ordinal) < text.IndexOf("PERMITS", StringComparison.Ordinal));
        Assert.Equal(TriageText.PermitLines(permits), text[text.IndexOf("PERMITS", StringComparison.Ordinal)..text.IndexOf("OK: ", StringComparison.Ordinal)]);
    }

    [Fact]
    public void Without_permits_there_is_no_permit_section()
    {
        Assert.DoesNotContain("PERMITS", TriageText.StatusLines(Report(null), new Painter(false)), StringComparison.Ordinal);
        Assert.Equal("", TriageText.PermitLines(new PermitsReport()));
    }
}
