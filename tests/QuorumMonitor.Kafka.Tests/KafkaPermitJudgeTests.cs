using QuorumMonitor.Core.Model;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Permits;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// Issue 15, scope 1 (must-show 3, the Kafka half, on hand-built metadata): a broker's permit is refused while a
/// partition is under-replicated or offline, while another broker is down or under a permit, and when the broker is a
/// partition's only in-sync replica; it is back once metadata lists it and its partitions are in sync.
/// </summary>
public class KafkaPermitJudgeTests
{
    private static readonly KafkaBroker[] Three = [new(1, "127.0.0.1", 9092), new(2, "127.0.0.1", 9093), new(3, "127.0.0.1", 9094)];
    private static readonly DateTimeOffset At = new(2026, 12, 1, 19, 0, 0, TimeSpan.Zero);
    private readonly KafkaPermitJudge _judge = new();

    private static KafkaClusterObservation Observation(KafkaBroker[] live, params KafkaPartitionInfo[] partitions) => new(
        new ClusterRef(KafkaKind.KindName, "events"),
        At,
        new KafkaClusterSettings(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), []),
        new KafkaMetadataResult
        {
            UnitId = "metadata",
            At = At,
            Duration = TimeSpan.Zero,
            Metadata = new KafkaMetadataSnapshot(live, partitions),
            ExpectedBrokerIds = [1, 2, 3],
            KnownBrokers = Three,
        },
        null,
        new KafkaLagResult { UnitId = "lag", At = At, Duration = TimeSpan.Zero },
        []);

    private static KafkaPartitionInfo InSync(int partition) => new("events", partition, 1, [1, 2, 3], [1, 2, 3]);

    private static Permit HeldBy(string member) => new()
    {
        Id = 4, Kind = KafkaKind.KindName, Cluster = "events", Member = member, Holder = "chef@kafka-3", Reason = "jvm upgrade",
        GrantedAt = At, ExpiresAt = At.AddMinutes(15),
    };

    [Fact]
    public void Brokers_are_named_by_id_or_advertised_address_and_unknown_ones_are_not_found()
    {
        var o = Observation(Three, InSync(0));

        Assert.Equal("broker-2", _judge.FindMember(o, "2"));
        Assert.Equal("broker-2", _judge.FindMember(o, "broker-2"));
        Assert.Equal("broker-2", _judge.FindMember(o, "127.0.0.1:9093"));
        Assert.Null(_judge.FindMember(o, "7"));
        Assert.Null(_judge.FindMember(o, "127.0.0.1:1"));
    }

    [Fact]
    public void A_healthy_cluster_with_every_partition_in_sync_grants_one_broker()
    {
        Assert.True(_judge.Judge(Observation(Three, InSync(0), InSync(1)), "broker-2", [], 0).Allowed);
    }

    [Fact]
    public void An_under_replicated_partition_refuses_every_broker_naming_the_partition()
    {
        var o = Observation(Three, InSync(0), new KafkaPartitionInfo("events", 1, 1, [1, 2, 3], [1, 3]));

        var verdict = _judge.Judge(o, "broker-1", [], 0);

        Assert.False(verdict.Allowed);
        Assert.Equal("events cannot lose broker-1 now: 1 partition(s) under-replicated (events/1)", verdict.Reason);
        Assert.Contains("in sync", verdict.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_broker_down_or_under_a_permit_refuses()
    {
        var down = _judge.Judge(Observation([Three[0], Three[2]], new KafkaPartitionInfo("events", 0, 1, [1, 3], [1, 3])), "broker-1", [], 0);
        Assert.False(down.Allowed);
        Assert.Contains("broker 2 is down", down.Reason, StringComparison.Ordinal);

        var permitted = _judge.Judge(Observation(Three, InSync(0)), "broker-1", [HeldBy("broker-3")], 0);
        Assert.False(permitted.Allowed);
        Assert.Contains("broker-3 is under permit #4 held by chef@kafka-3: jvm upgrade", permitted.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broker_that_alone_keeps_a_partition_in_sync_is_refused_and_the_margin_asks_for_more()
    {
        var single = Observation(Three, InSync(0), new KafkaPartitionInfo("audit", 0, 2, [2], [2]));
        var alone = _judge.Judge(single, "broker-2", [], 0);
        Assert.False(alone.Allowed);
        Assert.Equal("with broker-2 down events would have 1 partition(s) with no in-sync replicas left (audit/0)", alone.Reason);
        Assert.True(_judge.Judge(single, "broker-1", [], 0).Allowed);

        var pair = Observation(Three, new KafkaPartitionInfo("events", 0, 1, [1, 2], [1, 2]));
        Assert.True(_judge.Judge(pair, "broker-2", [], 0).Allowed);
        Assert.False(_judge.Judge(pair, "broker-2", [], 1).Allowed);
    }

    [Fact]
    public void The_broker_is_back_once_metadata_lists_it_and_its_partitions_are_in_sync()
    {
        Assert.Equal(MemberRecovery.Down, _judge.Recovery(Observation([Three[0], Three[2]], InSync(0)), "broker-2"));
        Assert.Equal(MemberRecovery.Down, _judge.Recovery(Observation(Three, new KafkaPartitionInfo("events", 0, 1, [1, 2, 3], [1, 3])), "broker-2"));
        Assert.Equal(MemberRecovery.Back, _judge.Recovery(Observation(Three, InSync(0)), "broker-2"));
    }
}
