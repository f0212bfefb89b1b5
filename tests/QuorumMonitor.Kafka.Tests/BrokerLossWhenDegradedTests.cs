using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Kafka.Rules;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>N−1 headroom over live brokers only (issue 14, scope 4): a broker already down absorbs nothing.</summary>
public class BrokerLossWhenDegradedTests
{
    private static readonly KafkaBroker[] Three = [new(1, "127.0.0.1", 9092), new(2, "127.0.0.1", 9093), new(3, "127.0.0.1", 9094)];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void With_broker_2_down_headroom_is_judged_over_brokers_1_and_3_and_the_page_says_already_degraded()
    {
        // 150 Mbps each against a limit of 240 (0.8 x 300); broker 2's host still answers node_exporter, its Kafka is down.
        var nics = new[] { Nic(1, 150), Nic(2, 150), Nic(3, 150) };

        var all = Observation(Three, nics);
        var degraded = Observation([Three[0], Three[2]], nics);

        // All three live: losing one spreads 75 Mbps to each of two survivors, 225 < 240.
        Assert.DoesNotContain(all.LossImpacts, i => i.Cascades);
        Assert.Empty(new KafkaNoBrokerLossHeadroomRule().Evaluate(all));

        // Broker 2 down: losing 1 (or 3) puts all 150 Mbps on the other, 300 > 240; broker 2 is neither failed nor survivor.
        Assert.Equal([2], degraded.DownBrokerIds);
        Assert.Equal([1, 3], degraded.LossImpacts.Select(i => i.FailedBroker).Order());
        Assert.All(degraded.LossImpacts, i => Assert.NotEqual(2, i.WorstSurvivor));
        Assert.All(degraded.LossImpacts, i => Assert.Equal(300 * 125_000, i.PredictedSurvivorBps, 3));
        Assert.All(degraded.LossImpacts, i => Assert.True(i.Cascades));
        var page = Assert.Single(new KafkaNoBrokerLossHeadroomRule().Evaluate(degraded));
        Assert.Equal(Severity.Page, page.Severity);
        Assert.Contains("already degraded: broker 2 down", page.Summary, StringComparison.Ordinal);
        Assert.Contains("judged on live brokers 1, 3", page.Summary, StringComparison.Ordinal);
        Assert.Equal([2], (IEnumerable<int>)degraded.ToReport().Details["brokerLossAlreadyDown"]!);
    }

    private static NicAssessment Nic(int id, double txMbps) => new(id, txMbps * 125_000, 20 * 125_000, 300 * 125_000, "config", 0.8, null);

    private KafkaClusterObservation Observation(KafkaBroker[] live, IReadOnlyList<NicAssessment> nics)
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
                Metadata = new KafkaMetadataSnapshot(live, [new("events", 0, 1, [1, 2, 3], [1, 3])]),
                ExpectedBrokerIds = [1, 2, 3],
            },
            null,
            new KafkaLagResult { UnitId = "lag", At = at, Duration = TimeSpan.Zero },
            nics.Select(a => new KafkaNicResult { UnitId = $"nic-{a.BrokerId}", At = at, Duration = TimeSpan.Zero, BrokerId = a.BrokerId, Source = "test", Assessment = a }).ToList());
    }
}
