using QuorumMonitor.Kafka.Model.Lag;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>The per-(partition, offset) timestamp cache and its per-round budget: bounded work on 100,000 partitions.</summary>
public class FirstUnconsumedTimestampsTests
{
    private const long T0 = 1_800_000_000_000;
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(T0);

    [Fact]
    public void Each_lagging_position_is_planned_once_and_caught_up_partitions_never()
    {
        var cache = new FirstUnconsumedTimestamps();
        var snapshot = Snapshot(("billing", [(new("events", 0), 10, 50), (new("events", 1), 50, 50)]));

        var first = cache.Plan(snapshot, budget: 100);
        Assert.Equal([new CommittedOffset(new("events", 0), 10)], first);
        cache.Store(new Dictionary<CommittedOffset, RecordTimestamp> { [first[0]] = RecordTimestamp.Of(T0 - 7_000, MessageTimestampType.CreateTime) });

        Assert.Empty(cache.Plan(snapshot, budget: 100));
        Assert.Equal(T0 - 7_000, cache.Find(new("events", 0), 10)!.Value.UnixMs);
        Assert.Null(cache.Find(new("events", 1), 50));
    }

    [Fact]
    public void A_committed_offset_that_moves_is_read_again_and_the_old_position_is_forgotten()
    {
        var cache = new FirstUnconsumedTimestamps();
        var p0 = new TopicPartitionKey("events", 0);
        var plan = cache.Plan(Snapshot(("billing", [(p0, 10, 50)])), budget: 10);
        cache.Store(new Dictionary<CommittedOffset, RecordTimestamp> { [plan[0]] = RecordTimestamp.Of(T0, MessageTimestampType.LogAppendTime) });

        var moved = cache.Plan(Snapshot(("billing", [(p0, 20, 60)])), budget: 10);

        Assert.Equal([new CommittedOffset(p0, 20)], moved);
        Assert.Null(cache.Find(p0, 10));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_hundred_thousand_partitions_ten_percent_lagging_cost_at_most_the_budget_per_round_and_are_all_read_in_ten_rounds()
    {
        var cache = new FirstUnconsumedTimestamps();
        var commits = Enumerable.Range(0, 100_000)
            .Select(i => (new TopicPartitionKey($"topic-{i / 1000}", i % 1000), 100L, i % 10 == 0 ? 100L + (i % 77) + 1 : 100L))
            .ToArray();
        var snapshot = Snapshot(("billing", commits));
        var rounds = 0;
        var fetched = new HashSet<CommittedOffset>();
        for (IReadOnlyList<CommittedOffset> plan; (plan = cache.Plan(snapshot, budget: 1_000)).Count > 0; rounds++)
        {
            Assert.True(plan.Count <= 1_000, $"round {rounds} planned {plan.Count}");
            Assert.All(plan, p => Assert.True(fetched.Add(p), $"{p} planned twice"));
            cache.Store(plan.ToDictionary(p => p, _ => RecordTimestamp.Of(T0, MessageTimestampType.CreateTime)));
        }

        Assert.Equal(10, rounds);
        Assert.Equal(10_000, fetched.Count);
        Assert.Equal(10_000, cache.Count);
    }

    [Fact]
    public void A_small_budget_reads_the_worst_partition_of_every_group_and_topic_before_a_second_of_any()
    {
        var cache = new FirstUnconsumedTimestamps();
        var snapshot = Snapshot(
            ("billing", [(new("a", 0), 0, 5), (new("a", 1), 0, 900), (new("b", 0), 0, 3)]),
            ("reports", [(new("a", 0), 0, 5), (new("a", 2), 0, 1)]));

        var plan = cache.Plan(snapshot, budget: 3);

        // billing/a's worst is a/1; reports/a's worst is a/0 (the same position as billing's a/0, planned once).
        Assert.Equal([new CommittedOffset(new("a", 1), 0), new CommittedOffset(new("b", 0), 0), new CommittedOffset(new("a", 0), 0)], plan);
    }

    [Fact]
    public void A_position_without_a_timestamp_is_remembered_and_not_fetched_every_round()
    {
        var cache = new FirstUnconsumedTimestamps();
        var snapshot = Snapshot(("billing", [(new("events", 0), 10, 50)]));
        var plan = cache.Plan(snapshot, budget: 10);
        cache.Store(new Dictionary<CommittedOffset, RecordTimestamp> { [plan[0]] = RecordTimestamp.None("the record has no timestamp (-1)") });

        Assert.Empty(cache.Plan(snapshot, budget: 10));
        Assert.Null(cache.Find(new("events", 0), 10)!.Value.UnixMs);
    }

    [Fact]
    public void A_zero_budget_turns_lookups_off()
    {
        var cache = new FirstUnconsumedTimestamps();

        Assert.Empty(cache.Plan(Snapshot(("billing", [(new("events", 0), 10, 50)])), budget: 0));
    }

    private static KafkaOffsetsSnapshot Snapshot(params (string Group, (TopicPartitionKey Partition, long Committed, long LogEnd)[] Commits)[] groups)
    {
        var logEnds = new Dictionary<TopicPartitionKey, long>();
        foreach (var (_, commits) in groups)
        {
            foreach (var c in commits)
            {
                logEnds[c.Partition] = c.LogEnd;
            }
        }

        return new KafkaOffsetsSnapshot(At, logEnds, groups.Select(g => new GroupCommits(g.Group, null, g.Commits.Select(c => new CommittedOffset(c.Partition, c.Committed)).ToList())).ToList());
    }
}
