using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>Scenario streams through the lag tracker on fake time: the statuses Burrow gets wrong, and those it gets right.</summary>
public class ConsumerStatusTests
{
    private const string Topic = "events";
    private static readonly TopicPartitionKey P0 = new(Topic, 0);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ConsumerLagTracker _tracker = new(windowRounds: 5);

    [Fact]
    public void An_idle_caught_up_group_stays_OK_for_days_without_committing()
    {
        KafkaGroupLag? g = null;
        for (var round = 0; round < 200; round++)
        {
            g = Round(logEnd: 1_000, committed: 1_000, step: TimeSpan.FromHours(1));
        }

        Assert.Equal(ConsumerStatus.Ok, g!.Status);
        Assert.Equal(0, g.LagMessages);
        Assert.Equal(0, g.MaxLagSeconds);
        Assert.Equal(1.0, g.Complete);
    }

    [Fact]
    public void A_slow_topic_whose_consumer_keeps_up_is_OK_between_rare_messages()
    {
        var statuses = new List<ConsumerStatus>();
        long offset = 0;
        for (var round = 0; round < 60; round++)
        {
            // One message every 10 rounds, consumed before the next poll.
            offset += round % 10 == 0 ? 1 : 0;
            statuses.Add(Round(logEnd: offset, committed: offset).Status);
        }

        Assert.All(statuses, s => Assert.Equal(ConsumerStatus.Ok, s));
    }

    [Fact]
    public void A_group_that_stops_while_producers_continue_is_OK_until_the_window_fills_then_STALL_with_growing_lag()
    {
        for (var round = 0; round < 5; round++)
        {
            Round(logEnd: round * 10, committed: round * 10);
        }

        var seen = new List<KafkaGroupLag>();
        for (var round = 5; round < 12; round++)
        {
            seen.Add(Round(logEnd: round * 10, committed: 40));
        }

        // The window still holds caught-up entries for the first rounds after the stop.
        Assert.Equal(ConsumerStatus.Ok, seen[0].Status);
        Assert.Equal(ConsumerStatus.Stall, seen[^1].Status);
        Assert.Equal(110 - 40, seen[^1].LagMessages);
        Assert.True(seen[^1].MaxLagSeconds > seen[2].MaxLagSeconds);
        Assert.Equal(P0.Partition, seen[^1].Topics[0].WorstPartitions[0].Partition);
    }

    [Fact]
    public void A_stopped_group_with_a_backlog_on_an_idle_topic_is_STOP_not_STALL()
    {
        KafkaGroupLag? g = null;
        for (var round = 0; round < 8; round++)
        {
            g = Round(logEnd: 500, committed: 300);
        }

        Assert.Equal(ConsumerStatus.Stop, g!.Status);
    }

    [Fact]
    public void A_group_committing_but_falling_further_behind_is_WARN()
    {
        KafkaGroupLag? g = null;
        for (var round = 0; round < 8; round++)
        {
            g = Round(logEnd: 100 + (round * 20), committed: 90 + (round * 10));
        }

        Assert.Equal(ConsumerStatus.Warn, g!.Status);
    }

    [Fact]
    public void A_group_keeping_pace_a_few_messages_behind_is_OK()
    {
        KafkaGroupLag? g = null;
        for (var round = 0; round < 8; round++)
        {
            g = Round(logEnd: 100 + (round * 20), committed: 97 + (round * 20));
        }

        Assert.Equal(ConsumerStatus.Ok, g!.Status);
    }

    [Fact]
    public void A_committed_offset_going_backwards_is_REWIND()
    {
        Round(logEnd: 100, committed: 90);
        Round(logEnd: 110, committed: 100);
        var g = Round(logEnd: 120, committed: 20);

        Assert.Equal(ConsumerStatus.Rewind, g.Status);
    }

    [Fact]
    public void Group_status_is_its_worst_partition_and_only_the_worst_partitions_are_listed()
    {
        var p1 = new TopicPartitionKey(Topic, 1);
        var p2 = new TopicPartitionKey("other", 0);
        KafkaGroupLag? g = null;
        for (var round = 0; round < 8; round++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            var logEnds = new Dictionary<TopicPartitionKey, long> { [P0] = round * 10, [p1] = round * 10, [p2] = 50 };
            g = _tracker.Observe(new KafkaOffsetsSnapshot(_time.GetUtcNow(), logEnds,
                [new GroupCommits("billing", "metrics-db", [new(P0, round * 10), new(p1, 0), new(p2, 50)])]))[0];
        }

        Assert.Equal(ConsumerStatus.Stall, g!.Status);
        Assert.Equal("metrics-db", g.Sink);
        var events = g.Topics.Single(t => t.Topic == Topic);
        Assert.Equal(ConsumerStatus.Stall, events.Status);
        Assert.Equal(1, Assert.Single(events.WorstPartitions).Partition);
        Assert.Equal(ConsumerStatus.Ok, g.Topics.Single(t => t.Topic == "other").Status);
    }

    private KafkaGroupLag Round(long logEnd, long committed, TimeSpan? step = null)
    {
        _time.Advance(step ?? TimeSpan.FromSeconds(5));
        var snapshot = new KafkaOffsetsSnapshot(
            _time.GetUtcNow(),
            new Dictionary<TopicPartitionKey, long> { [P0] = logEnd },
            [new GroupCommits("billing", null, [new CommittedOffset(P0, committed)])]);
        return Assert.Single(_tracker.Observe(snapshot));
    }
}
