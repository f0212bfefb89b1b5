using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Probes;
using QuorumMonitor.Kafka.Probes.Client;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>The lag unit with timestamps of first unconsumed messages, on fake time: exact on the first poll, read once, bounded, with a fallback that says so.</summary>
public class LagFromTimestampsTests
{
    private static readonly TopicPartitionKey P0 = new("events", 0);
    private static readonly TopicPartitionKey P1 = new("events", 1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedAdmin _admin = new();

    [Fact]
    public async Task The_first_poll_of_a_fresh_monitor_reports_the_age_of_the_first_unconsumed_message_not_zero()
    {
        _admin.Timestamps[new(P0, 100)] = RecordTimestamp.Of(At(-3_600), MessageTimestampType.LogAppendTime);

        var group = Group(await Probe().ProbeAsync(CancellationToken.None));

        Assert.Equal(3_600, group.MaxLagSeconds, 3);
        Assert.Equal(LagSource.Timestamp, group.LagSource);
        var partition = group.Topics.Single().WorstPartitions.Single(p => p.Partition == 0);
        Assert.Equal(LagSource.Timestamp, partition.LagSource);
        Assert.Equal(MessageTimestampType.LogAppendTime, partition.TimestampType);
        Assert.False(partition.LagSecondsIsLowerBound);
    }

    [Fact]
    public async Task A_stalled_position_is_fetched_once_and_its_age_keeps_growing_with_the_clock()
    {
        _admin.Timestamps[new(P0, 100)] = RecordTimestamp.Of(At(-10), MessageTimestampType.CreateTime);
        var probe = Probe();

        await probe.ProbeAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(30));
        var group = Group(await probe.ProbeAsync(CancellationToken.None));

        Assert.Equal(40, group.MaxLagSeconds, 3);
        Assert.Equal(1, _admin.Reads.Count(r => r.Contains(new CommittedOffset(P0, 100))));
    }

    [Fact]
    public async Task Without_a_timestamp_lag_is_interpolated_and_the_output_says_so()
    {
        _admin.Timestamps[new(P0, 100)] = RecordTimestamp.None("the record has no timestamp (-1)");
        var probe = Probe();

        var result = (KafkaLagResult)await probe.ProbeAsync(CancellationToken.None);
        var group = Group(result);

        Assert.Equal(LagSource.Interpolated, group.LagSource);
        Assert.Equal(LagSource.Interpolated, group.Topics.Single().LagSource);
        Assert.Equal(1, group.Topics.Single().InterpolatedPartitions);
        Assert.True(group.Topics.Single().WorstPartitions.Single().LagSecondsIsLowerBound);
        Assert.Equal(new TimestampLookupStats(1, 1, null), result.TimestampLookups);
    }

    [Fact]
    public async Task A_failed_read_falls_back_to_interpolation_for_the_round_and_is_retried_the_next()
    {
        _admin.Fail = true;
        var probe = Probe();
        var failed = (KafkaLagResult)await probe.ProbeAsync(CancellationToken.None);
        Assert.Null(failed.Error);
        Assert.Equal(LagSource.Interpolated, Group(failed).LagSource);
        Assert.NotNull(failed.TimestampLookups!.Error);

        _admin.Fail = false;
        _admin.Timestamps[new(P0, 100)] = RecordTimestamp.Of(At(-5), MessageTimestampType.CreateTime);
        _time.Advance(TimeSpan.FromSeconds(1));
        var group = Group(await probe.ProbeAsync(CancellationToken.None));

        Assert.Equal(LagSource.Timestamp, group.LagSource);
        Assert.Equal(6, group.MaxLagSeconds, 3);
    }

    [Fact]
    public async Task The_budget_bounds_fetches_per_round()
    {
        _admin.Committed = [new(P0, 100), new(P1, 7)];
        _admin.LogEnds[P1] = 50;
        _admin.Timestamps[new(P0, 100)] = RecordTimestamp.Of(At(-20), MessageTimestampType.CreateTime);
        _admin.Timestamps[new(P1, 7)] = RecordTimestamp.Of(At(-90), MessageTimestampType.CreateTime);
        var probe = Probe(lookups: 1);

        var first = Group(await probe.ProbeAsync(CancellationToken.None));
        var second = Group(await probe.ProbeAsync(CancellationToken.None));

        Assert.Equal([1, 1], _admin.Reads.Select(r => r.Count));
        Assert.Equal(1, first.Topics.Single().InterpolatedPartitions);
        Assert.Equal(0, second.Topics.Single().InterpolatedPartitions);
        Assert.Equal(90, second.MaxLagSeconds, 3);
    }

    private long At(int seconds) => _time.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds();

    private static KafkaGroupLag Group(Core.Probing.ProbeResult result) => ((KafkaLagResult)result).Groups.Single();

    private KafkaLagProbe Probe(int lookups = 1000) => new(
        _admin,
        new KafkaClusterState(),
        new KafkaClusterConfig
        {
            Name = "events",
            BootstrapServers = "127.0.0.1:9",
            ConsumerGroups = [new KafkaConsumerGroupConfig("billing")],
            Lag = new KafkaLagConfig { DiscoverGroups = false, TimestampLookups = lookups },
        },
        TimeSpan.FromSeconds(2),
        _time);

    private sealed class ScriptedAdmin : IKafkaAdmin
    {
        public List<CommittedOffset> Committed { get; set; } = [new(P0, 100)];

        public Dictionary<TopicPartitionKey, long> LogEnds { get; } = new() { [P0] = 150, [P1] = 0 };

        public Dictionary<CommittedOffset, RecordTimestamp> Timestamps { get; } = [];

        public List<IReadOnlyList<CommittedOffset>> Reads { get; } = [];

        public bool Fail { get; set; }

        public KafkaMetadataSnapshot GetMetadata(TimeSpan timeout) => new(
            [new KafkaBroker(1, "127.0.0.1", 9092)],
            [new KafkaPartitionInfo("events", 0, 1, [1], [1]), new KafkaPartitionInfo("events", 1, 1, [1], [1])]);

        public Task<int?> DescribeControllerAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult<int?>(null);

        public Task<IReadOnlyList<string>> ListGroupsAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

        public Task<IReadOnlyList<CommittedOffset>> ListCommittedAsync(string group, IReadOnlyList<TopicPartitionKey> partitions, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CommittedOffset>>(Committed);

        public Task<IReadOnlyDictionary<TopicPartitionKey, long>> ListLogEndsAsync(IReadOnlyList<TopicPartitionKey> partitions, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<TopicPartitionKey, long>>(LogEnds);

        public Task<IReadOnlyDictionary<CommittedOffset, RecordTimestamp>> ReadTimestampsAsync(IReadOnlyList<CommittedOffset> positions, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Reads.Add(positions);
            if (Fail)
            {
                throw new Confluent.Kafka.KafkaException(Confluent.Kafka.ErrorCode.Local_TimedOut);
            }

            return Task.FromResult<IReadOnlyDictionary<CommittedOffset, RecordTimestamp>>(
                positions.Where(Timestamps.ContainsKey).ToDictionary(p => p, p => Timestamps[p]));
        }
    }
}
