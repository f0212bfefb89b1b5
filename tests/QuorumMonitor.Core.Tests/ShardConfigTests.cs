using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Sharding;
using QuorumMonitor.Host;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Core.Tests;

/// <summary>
/// Issue 16, scope 4: <c>monitor.shard</c> is validated as every other field (path and line), and a loaded config
/// holds only the clusters its shard owns, the rest named as other shards'; without it, one shard owns everything.
/// </summary>
public sealed class ShardConfigTests
{
    private static string Clusters(int n) =>
        "zookeeper:\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"  - name: c{i:00}\n    servers: [\"127.0.0.1:{2000 + i}\"]\n"));

    private static string Sharded(int index, int count, int clusters) =>
        $"monitor:\n  interval: 1s\n  shard:\n    index: {index}\n    count: {count}\n" + Clusters(clusters);

    [Theory]
    [InlineData("    index: 3\n    count: 3\n", "monitor.shard.index", 3, "must be less than monitor.shard.count (3)")]
    [InlineData("    index: -1\n    count: 3\n", "monitor.shard.index", 3, "whole number from 0")]
    [InlineData("    index: 0\n    count: 0\n", "monitor.shard.count", 4, "whole number from 1")]
    [InlineData("    index: 0\n    count: many\n", "monitor.shard.count", 4, "whole number from 1")]
    [InlineData("    count: 3\n", "monitor.shard.index", 3, "is required")]
    [InlineData("    index: 1\n", "monitor.shard.count", 3, "is required")]
    [InlineData("    index: 0\n    count: 2\n    seed: 7\n", "monitor.shard.seed", 5, "unknown key")]
    public void A_bad_shard_is_an_error_naming_the_field_and_line(string shard, string path, int line, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse("monitor:\n  shard:\n" + shard + Clusters(2)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_that_is_not_a_mapping_is_an_error() =>
        Assert.Equal("monitor.shard", Assert.Single(Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse("monitor:\n  shard: 1/3\n" + Clusters(1))).Errors).Path);

    [Fact]
    public void Without_a_shard_the_monitor_owns_every_cluster()
    {
        var config = MonitorKinds.Config.Parse(Clusters(30));

        Assert.Equal(ShardSettings.Whole, config.Monitor.Shard);
        Assert.Equal(30, config.ClusterCount);
        Assert.Empty(config.OtherShardsClusters);
        var report = ShardReports.Of(config);
        Assert.Equal((0, 1, 30, 0), (report.Index, report.Count, report.Owned.Count, report.NotOwned));
    }

    [Fact]
    public void Each_shard_loads_only_its_own_clusters_and_names_the_others()
    {
        var all = Enumerable.Range(0, 30).Select(i => $"c{i:00}").ToHashSet();
        var loaded = Enumerable.Range(0, 3).Select(i => MonitorKinds.Config.Parse(Sharded(i, 3, 30))).ToList();

        for (var i = 0; i < 3; i++)
        {
            var names = loaded[i].ZooKeeper.Select(z => z.Name).ToList();
            Assert.Equal(new ShardSettings(i, 3), loaded[i].Monitor.Shard);
            Assert.All(names, n => Assert.Equal(i, ShardAssignment.ShardOf(n, 3)));
            Assert.Equal(names.Order(StringComparer.Ordinal), loaded[i].Kinds[ZooKeeperKind.KindName].Declarations.Select(d => d.Name).Order(StringComparer.Ordinal));
            Assert.Equal(all.Except(names).Order(StringComparer.Ordinal), loaded[i].OtherShardsClusters);
            var report = ShardReports.Of(loaded[i]);
            Assert.Equal(names.Order(StringComparer.Ordinal), report.Owned);
            Assert.Equal(30 - names.Count, report.NotOwned);
        }

        Assert.Equal(30, loaded.Sum(c => c.ClusterCount));
        Assert.Equal(all, loaded.SelectMany(c => c.ZooKeeper.Select(z => z.Name)).ToHashSet());
    }

    [Fact]
    public void A_shard_that_owns_none_of_the_clusters_is_still_a_valid_config()
    {
        // c00 hashes to shard 1 of 3; shards 0 and 2 own nothing of this file and must still start (and watch themselves).
        var config = MonitorKinds.Config.Parse(Sharded(0, 3, 1));

        Assert.Equal(0, config.ClusterCount);
        Assert.Equal(["c00"], config.OtherShardsClusters);
    }
}
