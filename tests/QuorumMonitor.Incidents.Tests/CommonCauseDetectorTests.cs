using System.Globalization;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Incidents.Tests;

public class CommonCauseDetectorTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture);

    private static readonly ClusterRef Cluster = new("zookeeper", "zk-realtime");

    private static IEnumerable<MemberStatus> Report(params (string Address, string State, double? Uptime)[] members) =>
        members.Select(m => new MemberStatus(m.Address, m.State, m.Uptime)).ToList();

    [Fact]
    public void Two_members_failing_together_is_a_correlated_failure_the_survivor_is_not_counted()
    {
        var d = new CommonCauseDetector(new CorrelationOptions());
        d.Observe(Cluster, Report(("a", "serving", 100), ("b", "serving", 100), ("c", "serving", 100)), T0);
        d.Observe(Cluster, Report(("a", "refused", null), ("b", "refused", null), ("c", "not-serving", null)), T0.AddSeconds(5));

        var note = Assert.Single(d.Describe(new ClusterRef("zookeeper", "zk-realtime"), T0));
        Assert.Equal("correlated failure: 2 of 3 members of zk-realtime failed within 0 s (a, b)", note);
    }

    [Fact]
    public void A_member_seen_without_quorum_between_two_kills_still_counts_as_the_second_failure()
    {
        // The leader goes first; the next round catches the other victim re-electing ("not-serving") before it too dies.
        var d = new CommonCauseDetector(new CorrelationOptions());
        d.Observe(Cluster, Report(("a", "serving", 100), ("b", "serving", 100), ("c", "serving", 100)), T0);
        d.Observe(Cluster, Report(("a", "not-serving", null), ("b", "refused", null), ("c", "not-serving", null)), T0.AddSeconds(1));
        d.Observe(Cluster, Report(("a", "not-serving", null), ("b", "refused", null), ("c", "refused", null)), T0.AddSeconds(2));

        var note = Assert.Single(d.Describe(Cluster, T0));
        Assert.Equal("correlated failure: 2 of 3 members of zk-realtime failed within 1 s (b, c)", note);
    }

    [Fact]
    public void A_member_that_lost_quorum_and_recovered_is_not_a_failure()
    {
        var d = new CommonCauseDetector(new CorrelationOptions());
        d.Observe(Cluster, Report(("a", "serving", 100), ("b", "serving", 100), ("c", "serving", 100)), T0);
        d.Observe(Cluster, Report(("a", "not-serving", null), ("b", "refused", null), ("c", "not-serving", null)), T0.AddSeconds(1));
        d.Observe(Cluster, Report(("a", "serving", 102), ("b", "refused", null), ("c", "serving", 102)), T0.AddSeconds(2));

        Assert.Empty(d.Describe(Cluster, T0));
    }

    [Fact]
    public void Overlapping_restarts_are_seen_from_uptime_resets()
    {
        var d = new CommonCauseDetector(new CorrelationOptions());
        d.Observe(Cluster, Report(("a", "serving", 1000), ("b", "serving", 1000), ("c", "serving", 1000)), T0);
        d.Observe(Cluster, Report(("a", "serving", 3), ("b", "serving", 1005), ("c", "serving", 1005)), T0.AddSeconds(5));
        d.Observe(Cluster, Report(("a", "serving", 8), ("b", "serving", 2), ("c", "serving", 1010)), T0.AddSeconds(40));

        var note = Assert.Single(d.Describe(new ClusterRef("zookeeper", "zk-realtime"), T0));
        Assert.Contains("2 of 3 members of zk-realtime restarted within 35 s (a, b)", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Failures_far_apart_are_not_correlated()
    {
        var d = new CommonCauseDetector(new CorrelationOptions { CommonCauseWindow = TimeSpan.FromSeconds(30) });
        d.Observe(Cluster, Report(("a", "serving", 100), ("b", "serving", 100)), T0);
        d.Observe(Cluster, Report(("a", "refused", null), ("b", "serving", 105)), T0.AddSeconds(5));
        d.Observe(Cluster, Report(("a", "refused", null), ("b", "timeout", null)), T0.AddSeconds(120));

        Assert.Empty(d.Describe(new ClusterRef("zookeeper", "zk-realtime"), T0));
    }
}
