using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Probes.Client;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// Issue 12: a decommissioned broker (gone from metadata, no partition names it) stops being expected after the grace,
/// so it is not "down" until the monitor restarts; a broker that still holds replicas, or is configured, never expires,
/// and an outage (no metadata at all) never counts towards the grace.
/// </summary>
public sealed class ExpectedBrokerExpiryTests
{
    private static readonly TimeSpan Forget = TimeSpan.FromHours(1);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ScriptedAdmin _admin = new();

    [Fact]
    public async Task A_broker_without_replicas_is_forgotten_after_the_grace_and_not_before()
    {
        var probe = Probe(configured: []);
        _admin.Snapshot = Snapshot(brokers: [1, 2, 3], replicas: [1, 2, 3]);
        Assert.Equal([1, 2, 3], await ExpectedAsync(probe));

        _admin.Snapshot = Snapshot(brokers: [1, 2], replicas: [1, 2]);
        _time.Advance(Forget - TimeSpan.FromMinutes(1));
        Assert.Equal([1, 2, 3], await ExpectedAsync(probe));

        _time.Advance(TimeSpan.FromMinutes(1));
        var result = await probe.ProbeAsync(CancellationToken.None);
        Assert.Equal([1, 2], ((KafkaMetadataResult)result).ExpectedBrokerIds);
        Assert.DoesNotContain(((KafkaMetadataResult)result).KnownBrokers, b => b.Id == 3);
    }

    [Fact]
    public async Task A_down_broker_that_still_holds_replicas_stays_expected()
    {
        var probe = Probe(configured: []);
        _admin.Snapshot = Snapshot(brokers: [1, 2, 3], replicas: [1, 2, 3]);
        await ExpectedAsync(probe);

        _admin.Snapshot = Snapshot(brokers: [1, 2], replicas: [1, 2, 3]);
        _time.Advance(Forget * 5);

        Assert.Equal([1, 2, 3], await ExpectedAsync(probe));
    }

    [Fact]
    public async Task A_configured_broker_is_never_forgotten()
    {
        var probe = Probe(configured: [3]);
        _admin.Snapshot = Snapshot(brokers: [1, 2, 3], replicas: [1, 2]);
        await ExpectedAsync(probe);

        _admin.Snapshot = Snapshot(brokers: [1, 2], replicas: [1, 2]);
        _time.Advance(Forget * 5);

        Assert.Equal([1, 2, 3], await ExpectedAsync(probe));
    }

    [Fact]
    public async Task An_outage_longer_than_the_grace_forgets_nothing()
    {
        var probe = Probe(configured: []);
        _admin.Snapshot = Snapshot(brokers: [1, 2, 3], replicas: [1, 2, 3]);
        await ExpectedAsync(probe);

        _admin.Snapshot = null;
        _time.Advance(Forget * 3);
        var during = (KafkaMetadataResult)await probe.ProbeAsync(CancellationToken.None);

        Assert.NotNull(during.Error);
        Assert.Equal([1, 2, 3], during.ExpectedBrokerIds);
    }

    private KafkaMetadataProbe Probe(int[] configured) => new(_admin, new KafkaClusterState(), configured, Forget, TimeSpan.FromSeconds(2), _time);

    private static async Task<IReadOnlyList<int>> ExpectedAsync(KafkaMetadataProbe probe) =>
        ((KafkaMetadataResult)await probe.ProbeAsync(CancellationToken.None)).ExpectedBrokerIds;

    private static KafkaMetadataSnapshot Snapshot(int[] brokers, int[] replicas) => new(
        [.. brokers.Select(id => new KafkaBroker(id, "127.0.0.1", 9090 + id))],
        [new KafkaPartitionInfo("events", 0, brokers[0], replicas, replicas)]);

    /// <summary>Metadata as the test sets it; null = no broker answers.</summary>
    private sealed class ScriptedAdmin : IKafkaAdmin
    {
        public KafkaMetadataSnapshot? Snapshot { get; set; }

        public KafkaMetadataSnapshot GetMetadata(TimeSpan timeout) =>
            Snapshot ?? throw new Confluent.Kafka.KafkaException(Confluent.Kafka.ErrorCode.Local_AllBrokersDown);

        public Task<int?> DescribeControllerAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult<int?>(null);

        public Task<IReadOnlyList<string>> ListGroupsAsync(TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<CommittedOffset>> ListCommittedAsync(string group, IReadOnlyList<TopicPartitionKey> partitions, TimeSpan timeout, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyDictionary<TopicPartitionKey, long>> ListLogEndsAsync(IReadOnlyList<TopicPartitionKey> partitions, TimeSpan timeout, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyDictionary<CommittedOffset, RecordTimestamp>> ReadTimestampsAsync(IReadOnlyList<CommittedOffset> positions, TimeSpan timeout, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
