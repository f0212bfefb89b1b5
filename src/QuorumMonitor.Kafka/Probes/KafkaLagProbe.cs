using QuorumMonitor.Core.Config;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Kafka.Probes.Client;
using QuorumMonitor.Kafka.Config;

namespace QuorumMonitor.Kafka.Probes;

/// <summary>
/// Polls log-end offsets of every partition and each group's committed offsets, and evaluates them against the lag
/// history it keeps (<see cref="ConsumerLagTracker"/>). Groups are the configured ones plus those ListGroups reports
/// where the brokers implement it; partitions come from metadata and are always named in OffsetFetch.
/// </summary>
internal sealed class KafkaLagProbe : IProbeUnit
{
    private readonly IKafkaAdmin _admin;
    private readonly KafkaClusterState _state;
    private readonly IReadOnlyList<KafkaConsumerGroupConfig> _groups;
    private readonly bool _discover;
    private readonly TimeProvider _time;
    private readonly ApiFallback _listGroups;
    private readonly ConsumerLagTracker _tracker;
    private readonly FirstUnconsumedTimestamps _timestamps = new();
    private readonly int _timestampLookups;
    private readonly Lock _lock = new();

    public KafkaLagProbe(IKafkaAdmin admin, KafkaClusterState state, KafkaClusterConfig config, TimeSpan deadline, TimeProvider time)
    {
        _admin = admin;
        _state = state;
        _groups = config.ConsumerGroups;
        _discover = config.Lag.DiscoverGroups;
        _time = time;
        _tracker = new ConsumerLagTracker(config.Lag.WindowRounds, activeWithin: config.Lag.ActiveWithin);
        _timestampLookups = config.Lag.TimestampLookups;
        _listGroups = new ApiFallback("ListGroups", "watching the configured consumerGroups only");
        Deadline = deadline;
    }

    public string Id => "lag";

    public TimeSpan Deadline { get; }

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var metadata = _state.Latest ?? await Task.Run(() => _admin.GetMetadata(Deadline), cancellationToken).ConfigureAwait(false);
        var partitions = metadata.Partitions.Select(p => new TopicPartitionKey(p.Topic, p.Partition)).ToList();
        var groups = await GroupsAsync(cancellationToken).ConfigureAwait(false);
        if (groups.Count == 0 || partitions.Count == 0)
        {
            return Result(at, started, [], partitions.Count, null);
        }

        var requestTimeout = Deadline * 0.8;
        var logEndsTask = _admin.ListLogEndsAsync(partitions, requestTimeout, cancellationToken);
        var commitTasks = groups.Select(g => _admin.ListCommittedAsync(g.Name, partitions, requestTimeout, cancellationToken)).ToList();
        IReadOnlyDictionary<TopicPartitionKey, long> logEnds;
        try
        {
            logEnds = await logEndsTask.ConfigureAwait(false);
            await Task.WhenAll(commitTasks).ConfigureAwait(false);
        }
        catch (Confluent.Kafka.KafkaException ex)
        {
            foreach (var t in commitTasks)
            {
                _ = t.ContinueWith(static c => _ = c.Exception, TaskScheduler.Default);
            }

            return Result(at, started, [], partitions.Count, "offsets could not be read: " + ex.Message);
        }

        var snapshot = new KafkaOffsetsSnapshot(
            at,
            logEnds,
            groups.Select((g, i) => new GroupCommits(g.Name, g.Sink, commitTasks[i].Result) { Discovered = i >= _groups.Count }).ToList());
        IReadOnlyList<CommittedOffset> plan;
        lock (_lock)
        {
            plan = _timestamps.Plan(snapshot, _timestampLookups);
        }

        var read = await ReadTimestampsAsync(plan, started, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _timestamps.Store(read.Found);
            var groupLags = _tracker.Observe(snapshot, _timestamps.Find);
            return Result(at, started, groupLags, partitions.Count, null) with
            {
                TimestampLookups = plan.Count == 0 ? null : new TimestampLookupStats(plan.Count, read.Found.Count, read.Error),
            };
        }
    }

    public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) => new KafkaLagResult
    {
        UnitId = Id,
        At = at,
        Duration = elapsed,
        Error = kind == ProbeFailureKind.Timeout ? $"offsets: {message}" : message,
        Fallbacks = Fallbacks(),
    };

    /// <summary>
    /// Reads the planned positions' timestamps in what is left of the deadline. A failed read loses nothing but
    /// exactness: those partitions are interpolated this round and tried again the next.
    /// </summary>
    private async Task<(IReadOnlyDictionary<CommittedOffset, RecordTimestamp> Found, string? Error)> ReadTimestampsAsync(
        IReadOnlyList<CommittedOffset> plan, long started, CancellationToken cancellationToken)
    {
        var left = (Deadline * 0.9) - _time.GetElapsedTime(started);
        if (plan.Count == 0 || left <= TimeSpan.FromMilliseconds(50))
        {
            return (new Dictionary<CommittedOffset, RecordTimestamp>(), plan.Count == 0 ? null : "no time left in the deadline");
        }

        try
        {
            return (await _admin.ReadTimestampsAsync(plan, left, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Confluent.Kafka.KafkaException ex)
        {
            return (new Dictionary<CommittedOffset, RecordTimestamp>(), ex.Message);
        }
    }

    private async Task<List<KafkaConsumerGroupConfig>> GroupsAsync(CancellationToken cancellationToken)
    {
        var groups = _groups.ToList();
        if (!_discover || !_listGroups.ShouldTry())
        {
            return groups;
        }

        try
        {
            var listed = await _admin.ListGroupsAsync(Deadline / 4, cancellationToken).ConfigureAwait(false);
            _listGroups.Worked();
            groups.AddRange(listed.Where(name => groups.All(g => g.Name != name)).Order(StringComparer.Ordinal).Select(name => new KafkaConsumerGroupConfig(name)));
        }
        catch (KafkaApiUnsupportedException ex)
        {
            _listGroups.Failed(ex.Reason);
        }

        return groups;
    }

    private KafkaLagResult Result(DateTimeOffset at, long started, IReadOnlyList<KafkaGroupLag> groups, int partitions, string? error) => new()
    {
        UnitId = Id,
        At = at,
        Duration = _time.GetElapsedTime(started),
        Groups = groups,
        Partitions = partitions,
        Error = error,
        Fallbacks = Fallbacks(),
    };

    private List<string> Fallbacks() => _listGroups.Note is { } n ? [n] : [];
}
