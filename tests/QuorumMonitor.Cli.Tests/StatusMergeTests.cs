using QuorumMonitor.Cli.Shards;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 16, scope 4: <c>monitor status --url A --url B ...</c> merges the shards' views. Every shard's clusters are
/// shown; a monitor that does not answer is named and makes the verdict unknown (exit 3) unless a page outranks it;
/// a shard nobody answered for is named; an HA pair's shared cluster is shown once; each monitor keeps its own line.
/// </summary>
public sealed class StatusMergeTests
{
    private static ClusterReport Cluster(string name, string kind = "zookeeper", string state = "ok") => new() { Kind = kind, Name = name, State = state };

    private static AlertReport Alert(string cluster, Severity severity, string kind = "zookeeper") => new()
    {
        Name = kind == ClusterKinds.Monitor ? "MonitorOverloaded" : "ZooKeeperMemberDown",
        Severity = severity,
        State = AlertState.Firing,
        Kind = kind,
        Cluster = cluster,
        Summary = "s",
    };

    private static MonitorAnswer Shard(int index, int count, MonitorStatus status, IReadOnlyList<AlertReport> alerts, params string[] clusters) =>
        new($"http://127.0.0.1:{9460 + index}", new StatusReport
        {
            Status = status,
            Clusters = [.. clusters.Select(c => Cluster(c)), Cluster("self", ClusterKinds.Monitor)],
            Alerts = alerts,
            Shard = new ShardReport { Index = index, Count = count, Owned = clusters, NotOwned = 9 - clusters.Length },
        });

    [Fact]
    public void Three_shards_merge_into_one_view_of_all_their_clusters()
    {
        var merged = StatusMerge.Of(
        [
            Shard(0, 3, MonitorStatus.Ok, [], "a", "b", "c"),
            Shard(1, 3, MonitorStatus.Critical, [Alert("e", Severity.Page)], "d", "e", "f"),
            Shard(2, 3, MonitorStatus.Warning, [Alert("self", Severity.Warning, ClusterKinds.Monitor)], "g", "h", "i"),
        ]);

        Assert.Empty(merged.Problems);
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h", "i"], merged.Report.Clusters.Where(c => c.Kind != ClusterKinds.Monitor).Select(c => c.Name));
        Assert.Equal(["self@127.0.0.1:9460", "self@127.0.0.1:9461", "self@127.0.0.1:9462"], merged.Report.Clusters.Where(c => c.Kind == ClusterKinds.Monitor).Select(c => c.Name));
        Assert.Equal(MonitorStatus.Critical, merged.Report.Status);
        Assert.Equal(2, merged.ExitCode);
        // The overload of shard 2 stays on shard 2's own line.
        Assert.Equal("self@127.0.0.1:9462", Assert.Single(merged.Report.Alerts, a => a.Kind == ClusterKinds.Monitor).Cluster);

        var text = MergedStatusText.Format(merged, new Painter(false));
        Assert.Contains("CRIT  zookeeper/e", text, StringComparison.Ordinal);
        Assert.Contains("WARN  monitor/self@127.0.0.1:9462", text, StringComparison.Ordinal);
        Assert.Contains("OK    monitor/self@127.0.0.1:9460", text, StringComparison.Ordinal);
        Assert.Contains("monitor http://127.0.0.1:9461: shard 1 of 3, 3 cluster(s), CRITICAL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("UNKN", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_monitor_is_named_and_makes_the_verdict_unknown()
    {
        var merged = StatusMerge.Of(
        [
            Shard(0, 3, MonitorStatus.Ok, [], "a", "b", "c"),
            MonitorAnswer.Unreachable("http://127.0.0.1:9461", "Connection refused (127.0.0.1:9461)"),
            Shard(2, 3, MonitorStatus.Warning, [], "g", "h", "i"),
        ]);

        Assert.Equal(MonitorStatus.Unknown, merged.Report.Status);
        Assert.Equal(3, merged.ExitCode);
        Assert.Equal(6, merged.Report.Clusters.Count(c => c.Kind != ClusterKinds.Monitor));
        var text = MergedStatusText.Format(merged, new Painter(false));
        Assert.Contains("UNKN  monitor http://127.0.0.1:9461 did not answer: Connection refused (127.0.0.1:9461)", text, StringComparison.Ordinal);
        Assert.Contains("UNKN  no answer for shard(s) 1 of 3", text, StringComparison.Ordinal);
        Assert.Contains("UNKNOWN: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_outranks_an_unreachable_monitor()
    {
        var merged = StatusMerge.Of(
        [
            Shard(0, 2, MonitorStatus.Critical, [Alert("a", Severity.Page)], "a"),
            MonitorAnswer.Unreachable("http://127.0.0.1:9461", "timed out"),
        ]);

        Assert.Equal(2, merged.ExitCode);
        Assert.Equal(2, merged.Problems.Count);
    }

    [Fact]
    public void No_monitor_answering_is_unknown()
    {
        var merged = StatusMerge.Of([MonitorAnswer.Unreachable("http://127.0.0.1:1", "refused"), MonitorAnswer.Unreachable("http://127.0.0.1:2", "refused")]);

        Assert.Equal(3, merged.ExitCode);
        Assert.Empty(merged.Report.Clusters);
        Assert.Equal(2, merged.Problems.Count);
    }

    [Fact]
    public void An_ha_pair_shows_a_shared_cluster_once_with_the_first_monitors_alerts()
    {
        var merged = StatusMerge.Of(
        [
            Shard(0, 1, MonitorStatus.Critical, [Alert("a", Severity.Page)], "a", "b"),
            Shard(0, 1, MonitorStatus.Critical, [Alert("a", Severity.Page)], "a", "b") with { Url = "http://127.0.0.1:9470" },
        ]);

        Assert.Empty(merged.Problems);
        Assert.Equal(["a", "b"], merged.Report.Clusters.Where(c => c.Kind != ClusterKinds.Monitor).Select(c => c.Name));
        Assert.Single(merged.Report.Alerts);
        Assert.Equal(2, merged.Report.Clusters.Count(c => c.Kind == ClusterKinds.Monitor));
    }

    [Fact]
    public void Monitors_that_disagree_on_the_shard_count_are_named()
    {
        var merged = StatusMerge.Of([Shard(0, 2, MonitorStatus.Ok, [], "a"), Shard(1, 3, MonitorStatus.Ok, [], "b")]);

        Assert.Contains("disagree on the shard count", Assert.Single(merged.Problems), StringComparison.Ordinal);
        Assert.Equal(3, merged.ExitCode);
    }

    [Fact]
    public void Every_shards_delivery_channels_are_kept_apart()
    {
        var healthy = new DeliveryReport { Healthy = true, QueueDepth = 1, Channels = [new ChannelDeliveryReport { Name = "pd", Kind = "pagerduty", Healthy = true }] };
        var failing = new DeliveryReport { Healthy = false, QueueDepth = 4, Channels = [new ChannelDeliveryReport { Name = "pd", Kind = "pagerduty", Healthy = false, Reason = "HTTP 500" }] };
        var a = Shard(0, 2, MonitorStatus.Ok, [], "a");
        var b = Shard(1, 2, MonitorStatus.Critical, [], "b");
        var merged = StatusMerge.Of([a with { Report = a.Report! with { Delivery = healthy } }, b with { Report = b.Report! with { Delivery = failing } }]);

        var delivery = merged.Report.Delivery!;
        Assert.False(delivery.Healthy);
        Assert.Equal(5, delivery.QueueDepth);
        Assert.Equal(["pd@127.0.0.1:9460", "pd@127.0.0.1:9461"], delivery.Channels.Select(c => c.Name));
        Assert.Contains("pd@127.0.0.1:9461 (pagerduty) failing: HTTP 500", MergedStatusText.Format(merged, new Painter(false)), StringComparison.Ordinal);
    }
}
