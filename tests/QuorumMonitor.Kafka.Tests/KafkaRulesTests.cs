using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.Kafka;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>The Kafka rules on hand-built observations: what fires, at which severity, and what it names.</summary>
public class KafkaRulesTests
{
    private static readonly ClusterRef Cluster = new(KafkaKind.KindName, "events");
    private static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static KafkaClusterObservation Observation(
        KafkaMetadataSnapshot? metadata,
        IReadOnlyList<int>? expected = null,
        IReadOnlyList<KafkaEndpointCheck>? endpoints = null,
        IReadOnlyList<KafkaGroupLag>? groups = null,
        IReadOnlyList<NicAssessment>? nics = null) => new(
        Cluster,
        At,
        new KafkaClusterSettings(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), []),
        new KafkaMetadataResult { UnitId = "metadata", At = At, Duration = TimeSpan.Zero, Metadata = metadata, Error = metadata is null ? "timed out" : null, ExpectedBrokerIds = expected ?? [] },
        new KafkaEndpointResult { UnitId = "endpoints", At = At, Duration = TimeSpan.Zero, Checks = endpoints ?? [] },
        new KafkaLagResult { UnitId = "lag", At = At, Duration = TimeSpan.Zero, Groups = groups ?? [] },
        (nics ?? []).Select(a => new KafkaNicResult { UnitId = $"nic-{a.BrokerId}", At = At, Duration = TimeSpan.Zero, BrokerId = a.BrokerId, Source = "test", Assessment = a }).ToList());

    private static readonly KafkaBroker[] Three = [new(1, "127.0.0.1", 9092), new(2, "127.0.0.1", 9093), new(3, "127.0.0.1", 9094)];

    [Fact]
    public void A_healthy_cluster_raises_nothing()
    {
        var k = Observation(new KafkaMetadataSnapshot(Three, [new("events", 0, 1, [1, 2, 3], [1, 2, 3])]));
        Assert.Empty(KafkaRules.All().SelectMany(r => r.Evaluate(k)));
        Assert.Equal("ok", k.StateName);
    }

    [Fact]
    public void A_dead_broker_in_the_ISR_does_not_count_as_in_sync()
    {
        var k = Observation(new KafkaMetadataSnapshot(Three[..2], [new("events", 0, 1, [1, 2, 3], [1, 2, 3]), new("events", 1, 3, [1, 2, 3], [1, 2, 3])]));

        Assert.Equal([3], k.DownBrokerIds);
        Assert.Equal(["events/0"], k.UnderReplicatedPartitions.Select(p => p.Name));
        Assert.Equal(["events/1"], k.OfflinePartitions.Select(p => p.Name));
        var alerts = KafkaRules.All().SelectMany(r => r.Evaluate(k)).ToList();
        Assert.Equal(Severity.Page, alerts.Single(a => a.Name == KafkaPartitionsOfflineRule.AlertName).Severity);
        Assert.Equal("3", alerts.Single(a => a.Name == KafkaBrokerDownRule.AlertName).Labels["broker"]);
        Assert.Single(alerts, a => a.Name == KafkaUnderReplicatedPartitionsRule.AlertName);
    }

    [Fact]
    public void An_unreachable_cluster_pages_once_without_echoing_stale_endpoint_warnings()
    {
        var k = Observation(null, expected: [1, 2, 3], endpoints: [new(Three[0], KafkaEndpointState.Refused, "refused")]);

        var alerts = KafkaRules.All().SelectMany(r => r.Evaluate(k)).ToList();
        Assert.Equal(KafkaClusterUnreachableRule.AlertName, Assert.Single(alerts).Name);
        Assert.All(k.ToReport().Members, m => Assert.Equal("unknown", m.State));
    }

    [Fact]
    public void A_caught_up_group_never_lags_and_a_stalled_one_pages_with_its_sink()
    {
        var ok = new KafkaGroupLag("billing", null, ConsumerStatus.Ok, 0, 0, 6, 1, [new("events", ConsumerStatus.Ok, 0, 0, 6, [])]);
        var stalled = new KafkaGroupLag("reports", "reports-db", ConsumerStatus.Stall, 500, 900, 6, 1,
            [new("events", ConsumerStatus.Stall, 500, 900, 6, [new(2, 100, 300, 200, 900, false, ConsumerStatus.Stall)])]);
        var k = Observation(new KafkaMetadataSnapshot(Three, []), groups: [ok, stalled]);

        var alerts = KafkaRules.All().SelectMany(r => r.Evaluate(k)).ToList();
        var page = alerts.Single(a => a.Name == KafkaConsumerStalledRule.AlertName);
        Assert.Equal("reports", page.Labels["group"]);
        Assert.Contains("reports-db", page.Summary, StringComparison.Ordinal);
        Assert.Contains("events/2", page.Summary, StringComparison.Ordinal);
        var lagging = alerts.Single(a => a.Name == KafkaConsumerLaggingRule.AlertName);
        Assert.Equal("reports", lagging.Labels["group"]);
        Assert.Contains("15 min", lagging.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nic_without_known_capacity_is_a_warning_not_silence()
    {
        var k = Observation(new KafkaMetadataSnapshot(Three, []), nics: [new NicAssessment(1, 1e6, 1e5, null, null, 0.8, null)]);

        var alert = Assert.Single(KafkaRules.All().SelectMany(r => r.Evaluate(k)));
        Assert.Equal(KafkaProbeFailedRule.AlertName, alert.Name);
        Assert.Contains("capacityMbps", alert.Summary, StringComparison.Ordinal);
    }
}
