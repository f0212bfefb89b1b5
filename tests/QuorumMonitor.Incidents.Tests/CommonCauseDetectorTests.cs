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

    [Fact]
    public void Members_that_time_out_and_come_back_as_the_same_process_neither_failed_nor_restarted()
    {
        // A loaded monitor times out on healthy members: two of five within seconds, for two rounds each.
        var d = new CommonCauseDetector(new CorrelationOptions());
        d.Observe(Cluster, Report(("a", "serving", 100), ("b", "serving", 100), ("c", "serving", 100), ("d", "serving", 100), ("e", "serving", 100)), T0);
        d.Observe(Cluster, Report(("a", "timeout", null), ("b", "timeout", null), ("c", "serving", 102), ("d", "serving", 102), ("e", "serving", 102)), T0.AddSeconds(2));
        d.Observe(Cluster, Report(("a", "timeout", null), ("b", "timeout", null), ("c", "serving", 104), ("d", "serving", 104), ("e", "serving", 104)), T0.AddSeconds(4));
        Assert.Equal(["a", "b"], d.Unplanned(Cluster, T0.AddSeconds(4)).Select(c => c.Member));

        d.Observe(Cluster, Report(("a", "serving", 106), ("b", "serving", 106), ("c", "serving", 106), ("d", "serving", 106), ("e", "serving", 106)), T0.AddSeconds(6));

        Assert.Empty(d.Unplanned(Cluster, T0.AddSeconds(6)));
        Assert.Empty(d.Describe(Cluster, T0));
    }

    [Fact]
    public void A_failure_seen_once_is_not_handed_to_rules_until_a_second_observation_confirms_it()
    {
        var d = new CommonCauseDetector(new CorrelationOptions());
        d.Observe(Cluster, Report(("a", "serving", 100), ("b", "serving", 100), ("c", "serving", 100)), T0);
        d.Observe(Cluster, Report(("a", "refused", null), ("b", "serving", 101), ("c", "serving", 101)), T0.AddSeconds(1));
        Assert.Empty(d.Unplanned(Cluster, T0.AddSeconds(1)));

        d.Observe(Cluster, Report(("a", "refused", null), ("b", "serving", 102), ("c", "serving", 102)), T0.AddSeconds(2));

        var change = Assert.Single(d.Unplanned(Cluster, T0.AddSeconds(2)));
        Assert.Equal(("a", T0.AddSeconds(1), false), (change.Member, change.At, change.Restart));
    }

    [Fact]
    public void A_member_down_once_that_comes_back_as_a_new_process_restarted()
    {
        var d = new CommonCauseDetector(new CorrelationOptions());
        d.Observe(Cluster, Report(("a", "serving", 100), ("b", "serving", 100), ("c", "serving", 100)), T0);
        d.Observe(Cluster, Report(("a", "refused", null), ("b", "serving", 101), ("c", "serving", 101)), T0.AddSeconds(1));
        d.Observe(Cluster, Report(("a", "serving", 0.5), ("b", "serving", 102), ("c", "serving", 102)), T0.AddSeconds(2));
        d.Observe(Cluster, Report(("a", "serving", 1.5), ("b", "refused", null), ("c", "serving", 103)), T0.AddSeconds(3));
        d.Observe(Cluster, Report(("a", "serving", 2.5), ("b", "serving", 0.4), ("c", "serving", 104)), T0.AddSeconds(4));

        var changes = d.Unplanned(Cluster, T0.AddSeconds(4));
        Assert.Equal([("a", true), ("b", true)], changes.Select(c => (c.Member, c.Restart)));
        Assert.Equal("correlated failure: 2 of 3 members of zk-realtime restarted within 2 s (a, b)", Assert.Single(d.Describe(Cluster, T0)));
    }

    [Fact]
    public void A_member_killed_soon_after_its_start_and_down_longer_than_it_had_run_still_restarted()
    {
        // Its new uptime (5 s) is above the old one (3 s), but far below the 13 s the old process would have had.
        var d = new CommonCauseDetector(new CorrelationOptions());
        d.Observe(Cluster, Report(("a", "serving", 3), ("b", "serving", 3), ("c", "serving", 3)), T0);
        for (var s = 1; s < 10; s++)
        {
            d.Observe(Cluster, Report(("a", "refused", null), ("b", "serving", 3 + s), ("c", "serving", 3 + s)), T0.AddSeconds(s));
        }

        d.Observe(Cluster, Report(("a", "serving", 5), ("b", "serving", 13), ("c", "serving", 13)), T0.AddSeconds(10));

        var change = Assert.Single(d.Unplanned(Cluster, T0.AddSeconds(10)));
        Assert.Equal(("a", true), (change.Member, change.Restart));
    }

    [Fact]
    public void A_member_killed_a_second_after_its_start_is_too_young_to_tell_by_uptime_and_its_failure_stands()
    {
        var d = new CommonCauseDetector(new CorrelationOptions());
        d.Observe(Cluster, Report(("a", "serving", 1), ("b", "serving", 1), ("c", "serving", 1)), T0);
        d.Observe(Cluster, Report(("a", "refused", null), ("b", "serving", 2), ("c", "serving", 2)), T0.AddSeconds(1));
        d.Observe(Cluster, Report(("a", "refused", null), ("b", "serving", 3), ("c", "serving", 3)), T0.AddSeconds(2));
        d.Observe(Cluster, Report(("a", "serving", 1.5), ("b", "serving", 4), ("c", "serving", 4)), T0.AddSeconds(3));

        var change = Assert.Single(d.Unplanned(Cluster, T0.AddSeconds(3)));
        Assert.Equal(("a", false), (change.Member, change.Restart));
    }
}
