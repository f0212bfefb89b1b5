using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// Issue 15, scope 3 for Kafka, on fake time through the rule evaluator (two rounds to confirm): a broker down, or
/// back and still catching up, under its permit raises no <c>KafkaBrokerDown</c>, under-replication or endpoint
/// warning, and the status names the permit; partitions offline anyway page as always, naming the permit; a broker
/// down without a permit still warns.
/// </summary>
public sealed class KafkaPlannedRestartTests
{
    private static readonly KafkaBroker[] Three = [new(1, "127.0.0.1", 9092), new(2, "127.0.0.1", 9093), new(3, "127.0.0.1", 9094)];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero));

    private KafkaClusterObservation Observation(IReadOnlyList<PlannedRestart> planned, KafkaBroker[] live, IReadOnlyList<KafkaEndpointCheck>? endpoints, params KafkaPartitionInfo[] partitions)
    {
        var at = _time.GetUtcNow();
        return new KafkaClusterObservation(
            new ClusterRef(KafkaKind.KindName, "events"),
            at,
            new KafkaClusterSettings(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), []),
            new KafkaMetadataResult { UnitId = "metadata", At = at, Duration = TimeSpan.Zero, Metadata = new KafkaMetadataSnapshot(live, partitions), ExpectedBrokerIds = [1, 2, 3], KnownBrokers = Three },
            new KafkaEndpointResult { UnitId = "endpoints", At = at, Duration = TimeSpan.Zero, Checks = endpoints ?? [] },
            new KafkaLagResult { UnitId = "lag", At = at, Duration = TimeSpan.Zero },
            [])
        {
            PlannedRestarts = planned,
        };
    }

    private PlannedRestart Planned(int broker) => new($"broker-{broker}", 6, "chef@kafka-2", "jvm upgrade", _time.GetUtcNow().AddMinutes(15));

    private static KafkaPartitionInfo Partition(int partition, int leader, int[] isr) => new("events", partition, leader, [1, 2, 3], isr);

    private List<AlertReport> Firing(RuleEvaluator evaluator, int rounds, Func<KafkaClusterObservation> observe)
    {
        for (var r = 0; r < rounds; r++)
        {
            evaluator.Evaluate(observe());
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        return [.. evaluator.Alerts().Where(a => a.State == AlertState.Firing)];
    }

    private RuleEvaluator Evaluator() => new(KafkaRules.All(), new AlertTiming(2, TimeSpan.Zero, 2, TimeSpan.Zero), _time);

    [Fact]
    public void A_broker_down_then_catching_up_under_its_permit_raises_nothing_and_the_status_names_the_permit()
    {
        var evaluator = Evaluator();
        var planned = new[] { Planned(2) };
        var live = new[] { Three[0], Three[2] };

        // Stopping: still in metadata, its listener already closed.
        Assert.Empty(Firing(evaluator, 3, () => Observation(planned, Three, [new(Three[1], KafkaEndpointState.Refused, "connection refused")], Partition(0, 1, [1, 2, 3]))));
        // Down: out of metadata; its partitions short of it.
        Assert.Empty(Firing(evaluator, 5, () => Observation(planned, live, null, Partition(0, 1, [1, 3]), Partition(1, 3, [1, 2, 3]))));
        // Back, not yet in sync.
        Assert.Empty(Firing(evaluator, 3, () => Observation(planned, Three, null, Partition(0, 1, [1, 3]), Partition(1, 3, [1, 3]))));

        var down = Observation(planned, live, null, Partition(0, 1, [1, 3]));
        var member = down.ToReport().Members.Single(m => (int)m.Details["brokerId"]! == 2);
        Assert.Equal("down", member.State);
        Assert.Equal("planned restart, permit #6 held by chef@kafka-2: jvm upgrade", member.Details["plannedRestart"]);
        Assert.DoesNotContain("plannedRestart", down.ToReport().Members.Single(m => (int)m.Details["brokerId"]! == 1).Details.Keys);
        // The common-cause detector sees it by the permit's name, so its restart counts as planned.
        Assert.Contains(down.MemberStatuses(), s => s.Address == "broker-2" && s.State == "down");
    }

    [Fact]
    public void The_same_broker_down_without_a_permit_warns_down_and_under_replicated()
    {
        var firing = Firing(Evaluator(), 3, () => Observation([], [Three[0], Three[2]], null, Partition(0, 1, [1, 3])));

        Assert.Equal("2", Assert.Single(firing, a => a.Name == KafkaBrokerDownRule.AlertName).Labels["broker"]);
        Assert.Single(firing, a => a.Name == KafkaUnderReplicatedPartitionsRule.AlertName);
    }

    [Fact]
    public void Partitions_offline_while_a_broker_is_under_a_permit_page_and_name_the_permit()
    {
        var planned = new[] { Planned(2) };
        // Broker 3 fails too: partition 0 loses its leader while broker 2 is out on purpose.
        var firing = Firing(Evaluator(), 3, () => Observation(planned, [Three[0]], null, Partition(0, 3, [1, 3]), Partition(1, 1, [1, 3])));

        var page = Assert.Single(firing, a => a.Name == KafkaPartitionsOfflineRule.AlertName);
        Assert.Equal(Severity.Page, page.Severity);
        Assert.EndsWith("; broker-2: planned restart, permit #6 held by chef@kafka-2: jvm upgrade", page.Summary, StringComparison.Ordinal);
        // The unplanned broker warns, naming the permit beside it; the planned one does not.
        var down = Assert.Single(firing, a => a.Name == KafkaBrokerDownRule.AlertName);
        Assert.Equal("3", down.Labels["broker"]);
        Assert.Contains("permit #6", down.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void No_headroom_to_lose_another_broker_still_pages_while_one_is_under_a_permit_and_names_the_permit()
    {
        // 150 Mbps each against a limit of 240: with broker 2 out, losing 1 or 3 would put 300 on the other.
        var nics = new[] { 1, 2, 3 }.Select(id => new NicAssessment(id, 150 * 125_000, 20 * 125_000, 300 * 125_000, "config", 0.8, null)).ToList();
        var at = _time.GetUtcNow();
        var k = new KafkaClusterObservation(
            new ClusterRef(KafkaKind.KindName, "events"), at,
            new KafkaClusterSettings(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), []),
            new KafkaMetadataResult { UnitId = "metadata", At = at, Duration = TimeSpan.Zero, Metadata = new KafkaMetadataSnapshot([Three[0], Three[2]], [Partition(0, 1, [1, 3])]), ExpectedBrokerIds = [1, 2, 3] },
            null,
            new KafkaLagResult { UnitId = "lag", At = at, Duration = TimeSpan.Zero },
            nics.Select(a => new KafkaNicResult { UnitId = $"nic-{a.BrokerId}", At = at, Duration = TimeSpan.Zero, BrokerId = a.BrokerId, Source = "test", Assessment = a }).ToList())
        {
            PlannedRestarts = [Planned(2)],
        };

        var page = Assert.Single(new KafkaNoBrokerLossHeadroomRule().Evaluate(k));

        Assert.Equal(Severity.Page, page.Severity);
        Assert.Contains("already degraded: broker 2 (planned restart, permit #6 held by chef@kafka-2: jvm upgrade) down", page.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partition_short_of_an_unplanned_broker_still_warns_under_replicated_while_another_is_under_a_permit()
    {
        var planned = new[] { Planned(2) };
        // Broker 3 is live but fell out of partition 1's ISR on its own: that is not the permit's doing.
        var firing = Firing(Evaluator(), 3, () => Observation(planned, [Three[0], Three[2]], null, Partition(0, 1, [1, 3]), Partition(1, 1, [1])));

        var warning = Assert.Single(firing, a => a.Name == KafkaUnderReplicatedPartitionsRule.AlertName);
        Assert.Contains("permit #6", warning.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(firing, a => a.Name == KafkaBrokerDownRule.AlertName);
    }
}
