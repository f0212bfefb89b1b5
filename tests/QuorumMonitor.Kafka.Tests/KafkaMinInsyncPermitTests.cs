using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Host;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Permits;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// Issue 15, scope 1 for Kafka: no permit for a broker that is one of only <c>minInsyncReplicas</c> in-sync replicas of
/// a partition whose replicas metadata lists (acks=all producers would fail with it down); the setting is per cluster,
/// 1 (Kafka's default) when not configured, and a bad value is a config error naming the field.
/// </summary>
public class KafkaMinInsyncPermitTests
{
    private static readonly KafkaBroker[] Three = [new(1, "127.0.0.1", 9092), new(2, "127.0.0.1", 9093), new(3, "127.0.0.1", 9094)];
    private static readonly DateTimeOffset At = new(2026, 12, 1, 21, 0, 0, TimeSpan.Zero);
    private readonly KafkaPermitJudge _judge = new();

    private static KafkaClusterObservation Observation(int minInsync, params KafkaPartitionInfo[] partitions) => new(
        new ClusterRef(KafkaKind.KindName, "events"),
        At,
        new KafkaClusterSettings(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), []) { MinInsyncReplicas = minInsync },
        new KafkaMetadataResult
        {
            UnitId = "metadata", At = At, Duration = TimeSpan.Zero,
            Metadata = new KafkaMetadataSnapshot(Three, partitions), ExpectedBrokerIds = [1, 2, 3], KnownBrokers = Three,
        },
        null,
        new KafkaLagResult { UnitId = "lag", At = At, Duration = TimeSpan.Zero },
        []);

    [Fact]
    public void A_broker_among_only_min_insync_replicas_of_a_partition_is_refused_naming_the_partition_and_the_setting()
    {
        // payments/0 has two replicas, both in sync; with min.insync.replicas 2 losing either stops acks=all writes.
        var o = Observation(2, new KafkaPartitionInfo("events", 0, 1, [1, 2, 3], [1, 2, 3]), new KafkaPartitionInfo("payments", 0, 1, [1, 2], [1, 2]));

        var refused = _judge.Judge(o, "broker-2", [], 0);

        Assert.False(refused.Allowed);
        Assert.Equal(
            "with broker-2 down events would have 1 partition(s) with only 1 in-sync replica(s) left, fewer than minInsyncReplicas 2 (acks=all producers would fail) (payments/0)",
            refused.Reason);
        // broker-3 is no replica of payments/0, and events/0 keeps 2 in sync without it.
        Assert.True(_judge.Judge(o, "broker-3", [], 0).Allowed);
    }

    [Fact]
    public void With_the_default_of_one_the_same_partition_only_refuses_its_last_in_sync_replica()
    {
        var o = Observation(KafkaClusterConfig.DefaultMinInsyncReplicas, new KafkaPartitionInfo("payments", 0, 1, [1, 2], [1, 2]));

        Assert.True(_judge.Judge(o, "broker-2", [], 0).Allowed);
        Assert.False(_judge.Judge(Observation(1, new KafkaPartitionInfo("payments", 0, 1, [1], [1])), "broker-1", [], 0).Allowed);
        // Three in sync and min.insync.replicas 2: one may go, and the margin asks for one more.
        var three = Observation(2, new KafkaPartitionInfo("events", 0, 1, [1, 2, 3], [1, 2, 3]));
        Assert.True(_judge.Judge(three, "broker-1", [], 0).Allowed);
        Assert.Contains("+ permits.minFaultToleranceAfter 1", _judge.Judge(three, "broker-1", [], 1).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_setting_is_read_per_cluster_defaults_to_one_and_a_bad_value_names_the_field()
    {
        const string Cluster = "kafka:\n  - name: events\n    bootstrapServers: \"127.0.0.1:9092\"\n";

        Assert.Equal(1, Assert.Single(MonitorKinds.Config.Parse(Cluster).Kafka).MinInsyncReplicas);
        Assert.Equal(2, Assert.Single(MonitorKinds.Config.Parse(Cluster + "    minInsyncReplicas: 2\n").Kafka).MinInsyncReplicas);
        var bad = Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse(Cluster + "    minInsyncReplicas: 0\n"));
        Assert.Contains(bad.Errors, e => e.Path == "kafka[0].minInsyncReplicas");
    }
}
