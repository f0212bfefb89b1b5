using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Sharding;

namespace QuorumMonitor.Core.Tests;

/// <summary>
/// Issue 16, must-show 4 (fast half): the shard of a cluster is Prometheus's hashmod over its name, pinned here by
/// values computed independently (Python: <c>int.from_bytes(hashlib.md5(name.encode()).digest()[8:], 'big') % n</c>),
/// so any change of the function, which would move clusters between running shards, fails this test.
/// </summary>
public sealed class ShardAssignmentTests
{
    [Theory]
    [InlineData("zk-a", 3, 1)]
    [InlineData("kafka-prod", 3, 2)]
    [InlineData("orders-db", 3, 2)]
    [InlineData("c00", 3, 1)]
    [InlineData("c01", 3, 2)]
    [InlineData("zk-a", 7, 2)]
    [InlineData("orders-db", 7, 4)]
    [InlineData("c01", 7, 0)]
    [InlineData("zk-a", 1000, 971)]
    [InlineData("日本", 1000, 459)]
    public void The_shard_of_a_name_is_md5_hashmod(string name, int count, int shard) =>
        Assert.Equal(shard, ShardAssignment.ShardOf(name, count));

    [Fact]
    public void Three_shards_over_thirty_clusters_own_disjoint_sets_whose_union_is_all_thirty()
    {
        var names = Enumerable.Range(0, 30).Select(i => $"c{i:00}").ToList();

        var owned = Enumerable.Range(0, 3).Select(i => names.Where(n => new ShardSettings(i, 3).Owns(n)).ToHashSet()).ToList();

        Assert.Equal(30, owned.Sum(o => o.Count));
        Assert.Equal(names.ToHashSet(), owned.SelectMany(o => o).ToHashSet());
        // Not one shard holding everything: the hash spreads them.
        Assert.All(owned, o => Assert.InRange(o.Count, 4, 16));
    }

    [Fact]
    public void One_shard_owns_every_name()
    {
        Assert.All(new[] { "a", "b", "zk-a", "" }, n => Assert.True(ShardSettings.Whole.Owns(n)));
    }

    [Fact]
    public void A_count_below_one_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ShardAssignment.ShardOf("a", 0));
}
