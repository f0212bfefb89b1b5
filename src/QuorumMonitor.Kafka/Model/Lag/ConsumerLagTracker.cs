using System.Runtime.InteropServices;

namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>
/// Keeps the history lag needs (a log-end table per partition, a commit window per group and partition) and turns each
/// offsets snapshot into per-group, per-topic lag in messages and seconds with Burrow-style statuses. Not thread-safe:
/// one probe unit owns it. Partitions and groups absent from snapshots for <see cref="Retention"/> are forgotten (a partition
/// whose leader is down for a while keeps its history; a deleted topic stops costing memory).
/// </summary>
public sealed class ConsumerLagTracker(int windowRounds, int worstPartitions = 3, TimeSpan? activeWithin = null)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly Dictionary<TopicPartitionKey, PartitionHistory> _logEnds = [];
    private readonly Dictionary<string, Dictionary<TopicPartitionKey, CommitWindow>> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastAdvanceMs = new(StringComparer.Ordinal);
    private readonly long _activeWithinMs = (long)(activeWithin ?? TimeSpan.FromHours(1)).TotalMilliseconds;

    public int TrackedPartitions => _logEnds.Count;

    /// <param name="timestamps">The timestamp of the message at a committed offset where one was read; lag in seconds is
    /// then now minus it, exact from the first poll. Elsewhere it is interpolated over the log-end history.</param>
    public IReadOnlyList<KafkaGroupLag> Observe(KafkaOffsetsSnapshot snapshot, Func<TopicPartitionKey, long, RecordTimestamp?>? timestamps = null)
    {
        var nowMs = snapshot.At.ToUnixTimeMilliseconds();
        foreach (var (key, logEnd) in snapshot.LogEnds)
        {
            ref var history = ref CollectionsMarshal.GetValueRefOrAddDefault(_logEnds, key, out _);
            history ??= new PartitionHistory();
            history.Table.Observe(logEnd, nowMs);
            history.LogEnd = logEnd;
            history.ObservedAtMs = nowMs;
        }

        var forgetBefore = nowMs - (long)Retention.TotalMilliseconds;
        if (_logEnds.Count > snapshot.LogEnds.Count)
        {
            foreach (var (key, _) in _logEnds.Where(kv => kv.Value.ObservedAtMs < forgetBefore).ToList())
            {
                _logEnds.Remove(key);
            }
        }

        var groups = new List<KafkaGroupLag>(snapshot.Groups.Count);
        foreach (var g in snapshot.Groups)
        {
            groups.Add(ObserveGroup(g, nowMs, forgetBefore, timestamps));
        }

        foreach (var (name, windows) in _windows.Where(kv => snapshot.Groups.All(g => g.Group != kv.Key)).ToList())
        {
            if (windows.Values.All(w => w.AtMs(w.Count - 1) < forgetBefore))
            {
                _windows.Remove(name);
                _lastAdvanceMs.Remove(name);
            }
        }

        return groups;
    }

    private KafkaGroupLag ObserveGroup(GroupCommits group, long nowMs, long forgetBefore, Func<TopicPartitionKey, long, RecordTimestamp?>? timestamps)
    {
        if (!_windows.TryGetValue(group.Group, out var windows))
        {
            windows = [];
            _windows[group.Group] = windows;
        }

        var topics = new Dictionary<string, TopicAccumulator>(StringComparer.Ordinal);
        TopicAccumulator? acc = null;
        string? accTopic = null;
        var full = 0;
        var counted = 0;
        var advanced = false;
        foreach (var commit in group.Offsets)
        {
            // Partitions whose leader did not answer this poll have no current log end: skip them this round.
            if (!_logEnds.TryGetValue(commit.Partition, out var history) || history.ObservedAtMs != nowMs)
            {
                continue;
            }

            ref var window = ref CollectionsMarshal.GetValueRefOrAddDefault(windows, commit.Partition, out _);
            window ??= new CommitWindow(windowRounds);
            advanced |= window.Count > 0 && commit.Offset > window.Committed(window.Count - 1);
            var logEnd = history.LogEnd;
            window.Add(commit.Offset, logEnd, nowMs);
            var status = ConsumerStatusEvaluator.Evaluate(window);
            var lag = Math.Max(0, logEnd - commit.Offset);
            var seconds = lag == 0 ? new LagEstimate(0, false, LagSource.None)
                : timestamps?.Invoke(commit.Partition, commit.Offset) is { UnixMs: { } ts, Type: { } type } ? LagEstimate.FromTimestamp(ts, type, nowMs)
                : LagSeconds.Estimate(history.Table, commit.Offset, logEnd, nowMs);

            // Offsets arrive grouped by topic: most lookups are the topic of the previous partition.
            var topic = commit.Partition.Topic;
            if (acc is null || !string.Equals(accTopic, topic, StringComparison.Ordinal))
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(topics, topic, out _);
                slot ??= new TopicAccumulator(worstPartitions);
                acc = slot;
                accTopic = topic;
            }

            acc.Add(commit.Partition.Partition, commit.Offset, logEnd, lag, seconds, status);
            counted++;
            full += window.IsFull ? 1 : 0;
        }

        if (windows.Count > counted)
        {
            foreach (var (key, _) in windows.Where(kv => kv.Value.AtMs(kv.Value.Count - 1) < forgetBefore).ToList())
            {
                windows.Remove(key);
            }
        }

        var topicLags = topics.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value.ToLag(t.Key)).ToList();
        var oldest = topicLags.Where(t => t.LagSource != LagSource.None).MaxBy(t => t.MaxLagSeconds);
        if (advanced)
        {
            _lastAdvanceMs[group.Group] = nowMs;
        }

        var active = _lastAdvanceMs.TryGetValue(group.Group, out var lastAdvance) && nowMs - lastAdvance <= _activeWithinMs;
        var lagging = topicLags.Any(t => t.LagMessages > 0);
        return new KafkaGroupLag(
            group.Group,
            group.Sink,
            topicLags.Count == 0 ? ConsumerStatus.Ok : topicLags.Max(t => t.Status),
            topicLags.Sum(t => t.LagMessages),
            topicLags.Count == 0 ? 0 : topicLags.Max(t => t.MaxLagSeconds),
            counted,
            counted == 0 ? 0 : (double)full / counted,
            topicLags)
        {
            LagSource = oldest?.LagSource ?? LagSource.None,
            Discovered = group.Discovered,
            Abandoned = group.Discovered && lagging && !active,
        };
    }

    /// <summary>Sums one topic's partitions and keeps only the few worst, so reports stay small on 100,000 partitions.</summary>
    private sealed class TopicAccumulator(int keep)
    {
        private readonly List<KafkaPartitionLag> _worst = new(keep + 1);
        private ConsumerStatus _status;
        private long _lag;
        private double _maxSeconds;
        private LagSource _maxSource;
        private int _interpolated;
        private int _partitions;

        public void Add(int partition, long committed, long logEnd, long lag, LagEstimate seconds, ConsumerStatus status)
        {
            _partitions++;
            _lag += lag;
            if (seconds.Source != LagSource.None && (_maxSource == LagSource.None || seconds.Seconds > _maxSeconds))
            {
                _maxSource = seconds.Source;
            }

            _maxSeconds = Math.Max(_maxSeconds, seconds.Seconds);
            _interpolated += seconds.Source == LagSource.Interpolated ? 1 : 0;
            _status = status > _status ? status : _status;
            if (lag == 0 && status == ConsumerStatus.Ok)
            {
                return;
            }

            if (_worst.Count == keep && !IsWorse(status, seconds.Seconds, lag, _worst[^1]))
            {
                return;
            }

            var entry = new KafkaPartitionLag(partition, committed, logEnd, lag, Math.Round(seconds.Seconds, 3), seconds.IsLowerBound, status)
            {
                LagSource = seconds.Source,
                TimestampType = seconds.TimestampType,
            };
            var at = 0;
            while (at < _worst.Count && !IsWorse(status, seconds.Seconds, lag, _worst[at]))
            {
                at++;
            }

            _worst.Insert(at, entry);
            if (_worst.Count > keep)
            {
                _worst.RemoveAt(_worst.Count - 1);
            }
        }

        public KafkaTopicLag ToLag(string topic) => new(topic, _status, _lag, Math.Round(_maxSeconds, 3), _partitions, _worst)
        {
            LagSource = _maxSource,
            InterpolatedPartitions = _interpolated,
        };

        private static bool IsWorse(ConsumerStatus status, double seconds, long lag, KafkaPartitionLag than) =>
            status != than.Status ? status > than.Status
            : seconds != than.LagSeconds ? seconds > than.LagSeconds
            : lag > than.Lag;
    }

    /// <summary>One partition's log-end history and the log end of the latest poll that reached its leader.</summary>
    private sealed class PartitionHistory
    {
        public LogEndTable Table { get; } = new();

        public long LogEnd { get; set; }

        public long ObservedAtMs { get; set; }
    }
}
