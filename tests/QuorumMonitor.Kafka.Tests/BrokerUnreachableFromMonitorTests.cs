using QuorumMonitor.Core.Model;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Rules;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// Issue 16, scope 2 (Kafka): a broker the controller still lists in metadata and in every ISR, whose advertised
/// endpoint only the monitor cannot open, is a vantage problem: <c>KafkaBrokerUnreachable</c> (warning), never
/// <c>KafkaBrokerDown</c>, no under-replicated or offline partitions, no page. Gone from metadata, it is down.
/// </summary>
public class BrokerUnreachableFromMonitorTests
{
    private static readonly ClusterRef Cluster = new(KafkaKind.KindName, "events");
    private static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly KafkaBroker[] Three = [new(1, "127.0.0.1", 9092), new(2, "127.0.0.1", 9093), new(3, "127.0.0.1", 9094)];
    private static readonly KafkaPartitionInfo[] Partitions = [new("events", 0, 3, [1, 2, 3], [1, 2, 3]), new("events", 1, 1, [1, 2, 3], [1, 2, 3])];

    private static KafkaClusterObservation Observation(IReadOnlyList<KafkaBroker> live, IReadOnlyList<KafkaPartitionInfo> partitions, params KafkaEndpointCheck[] endpoints) => new(
        Cluster,
        At,
        new KafkaClusterSettings(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), []),
        new KafkaMetadataResult { UnitId = "metadata", At = At, Duration = TimeSpan.Zero, Metadata = new KafkaMetadataSnapshot(live, partitions), ExpectedBrokerIds = [1, 2, 3] },
        new KafkaEndpointResult { UnitId = "endpoints", At = At, Duration = TimeSpan.Zero, Checks = endpoints },
        new KafkaLagResult { UnitId = "lag", At = At, Duration = TimeSpan.Zero, Groups = [] },
        []);

    [Theory]
    [InlineData(KafkaEndpointState.Refused)]
    [InlineData(KafkaEndpointState.Timeout)]
    [InlineData(KafkaEndpointState.Error)]
    public void A_broker_in_metadata_and_isr_the_monitor_cannot_reach_is_a_warning_not_broker_down(KafkaEndpointState state)
    {
        var k = Observation(Three, Partitions,
            new(Three[0], KafkaEndpointState.Reachable), new(Three[1], KafkaEndpointState.Reachable), new(Three[2], state, "connection refused"));

        var alerts = KafkaRules.All().SelectMany(r => r.Evaluate(k)).ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal(KafkaBrokerUnreachableRule.AlertName, alert.Name);
        Assert.Equal(Severity.Warning, alert.Severity);
        Assert.Equal("3", alert.Labels["broker"]);
        Assert.Empty(k.DownBrokerIds);
        Assert.Empty(k.UnderReplicatedPartitions);
        Assert.Empty(k.OfflinePartitions);
        Assert.Equal("unreachable", k.ToReport().Members.Single(m => m.Address == "127.0.0.1:9094").State);
    }

    [Fact]
    public void The_same_broker_gone_from_metadata_is_down()
    {
        var k = Observation(Three[..2], Partitions, new(Three[0], KafkaEndpointState.Reachable), new(Three[1], KafkaEndpointState.Reachable));

        var alerts = KafkaRules.All().SelectMany(r => r.Evaluate(k)).ToList();
        Assert.Contains(alerts, a => a.Name == KafkaBrokerDownRule.AlertName && a.Labels["broker"] == "3");
        Assert.DoesNotContain(alerts, a => a.Name == KafkaBrokerUnreachableRule.AlertName);
    }
}
