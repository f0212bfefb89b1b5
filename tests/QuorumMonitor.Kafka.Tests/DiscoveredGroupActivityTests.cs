using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Rules;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>Discovered groups (issue 14, scope 3, must-show 3): only active ones are judged; configured ones always are.</summary>
public class DiscoveredGroupActivityTests
{
    private static readonly TopicPartitionKey P0 = new("events", 0);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ConsumerLagTracker _tracker = new(windowRounds: 3, activeWithin: TimeSpan.FromMinutes(10));

    [Fact]
    public void An_abandoned_discovered_group_on_a_growing_topic_is_listed_and_never_alerts_while_a_configured_group_in_the_same_state_pages()
    {
        IReadOnlyList<KafkaGroupLag> groups = [];
        for (var round = 0; round < 6; round++)
        {
            // Producers keep writing; neither group's committed offset has moved since the monitor started.
            groups = Round(logEnd: 1_000 + (round * 100), ("old-etl", 200, true), ("billing", 200, false));
        }

        var abandoned = groups.Single(g => g.Group == "old-etl");
        var configured = groups.Single(g => g.Group == "billing");
        Assert.True(abandoned.Discovered);
        Assert.True(abandoned.Abandoned);
        Assert.Equal(ConsumerStatus.Stall, abandoned.Status);
        Assert.False(configured.Abandoned);

        var k = Observation(groups);
        var alerts = KafkaRules.All().SelectMany(r => r.Evaluate(k)).ToList();
        Assert.DoesNotContain(alerts, a => a.Labels.GetValueOrDefault("group") == "old-etl");
        var page = Assert.Single(alerts, a => a.Name == KafkaConsumerStalledRule.AlertName);
        Assert.Equal("billing", page.Labels["group"]);
        var listed = ((IEnumerable<Dictionary<string, object?>>)k.ToReport().Details["consumerGroups"]!).Single(g => (string)g["group"]! == "old-etl");
        Assert.Equal(true, listed["abandoned"]);
    }

    [Fact]
    public void A_discovered_group_whose_commits_advance_is_judged_and_becomes_abandoned_only_after_the_window_without_commits()
    {
        // First sight, with a backlog: no commit has been seen to advance yet, so it is not (yet) judged.
        var committed = 100L;
        Assert.True(Round(logEnd: committed + 500, ("etl", committed, true)).Single().Abandoned);
        for (var round = 0; round < 3; round++)
        {
            committed += 50;
            Assert.False(Round(logEnd: committed + 500, ("etl", committed, true)).Single().Abandoned);
        }

        // It stops: judged (it may stall and page) for activeWithin, then abandoned.
        var stopped = Round(logEnd: 1_000, ("etl", committed, true)).Single();
        Assert.False(stopped.Abandoned);
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.True(Round(logEnd: 1_100, ("etl", committed, true)).Single().Abandoned);
    }

    private IReadOnlyList<KafkaGroupLag> Round(long logEnd, params (string Group, long Committed, bool Discovered)[] groups)
    {
        _time.Advance(TimeSpan.FromSeconds(30));
        return _tracker.Observe(new KafkaOffsetsSnapshot(
            _time.GetUtcNow(),
            new Dictionary<TopicPartitionKey, long> { [P0] = logEnd },
            groups.Select(g => new GroupCommits(g.Group, null, [new CommittedOffset(P0, g.Committed)]) { Discovered = g.Discovered }).ToList()));
    }

    private KafkaClusterObservation Observation(IReadOnlyList<KafkaGroupLag> groups)
    {
        var at = _time.GetUtcNow();
        return new KafkaClusterObservation(
            new ClusterRef(KafkaKind.KindName, "events"),
            at,
            new KafkaClusterSettings(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), []),
            new KafkaMetadataResult
            {
                UnitId = "metadata",
                At = at,
                Duration = TimeSpan.Zero,
                Metadata = new KafkaMetadataSnapshot([new KafkaBroker(1, "127.0.0.1", 9092)], [new("events", 0, 1, [1], [1])]),
            },
            null,
            new KafkaLagResult { UnitId = "lag", At = at, Duration = TimeSpan.Zero, Groups = groups },
            []);
    }
}
