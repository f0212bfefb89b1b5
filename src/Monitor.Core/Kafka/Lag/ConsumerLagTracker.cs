namespace Monitor.Core.Kafka.Lag;

/// <summary>
/// Keeps the history lag needs (a log-end table per partition, a commit window per group and partition) and turns each
/// offsets snapshot into per-group, per-topic lag in messages and seconds with Burrow-style statuses. Not thread-safe:
/// one probe unit owns it. Partitions and groups absent from snapshots for <see cref="Retention"/> are forgotten (a partition
/// whose leader is down for a while keeps its history; a deleted topic stops costing memory).
/// </summary>
public sealed class ConsumerLagTracker(int windowRounds, int worstPartitions = 3)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly Dictionary<TopicPartitionKey, LogEndTable> _logEnds = [];
    private readonly Dictionary<string, Dictionary<TopicPartitionKey, CommitWindow>> _windows = new(StringComparer.Ordinal);

    public int TrackedPartitions => _logEnds.Count;

    public IReadOnlyList<KafkaGroupLag> Observe(KafkaOffsetsSnapshot snapshot)
    {
        var nowMs = snapshot.At.ToUnixTimeMilliseconds();
        foreach (var (key, logEnd) in snapshot.LogEnds)
        {
            if (!_logEnds.TryGetValue(key, out var table))
            {
                table = new LogEndTable();
                _logEnds[key] = table;
            }

            table.Observe(logEnd, nowMs);
        }

        var forgetBefore = nowMs - (long)Retention.TotalMilliseconds;
        if (_logEnds.Count > snapshot.LogEnds.Count)
        {
            foreach (var (key, table) in _logEnds.Where(kv => kv.Value.LastSeenMs(kv.Value.Count - 1) < forgetBefore).ToList())
            {
                _logEnds.Remove(key);
            }
        }

        var groups = new List<KafkaGroupLag>(snapshot.Groups.Count);
        foreach (var g in snapshot.Groups)
        {
            groups.Add(ObserveGroup(g, snapshot.LogEnds, nowMs, forgetBefore));
        }

        foreach (var (name, windows) in _windows.Where(kv => snapshot.Groups.All(g => g.Group != kv.Key)).ToList())
        {
            if (windows.Values.All(w => w.AtMs(w.Count - 1) < forgetBefore))
            {
                _windows.Remove(name);
            }
        }

        return groups;
    }

    private KafkaGroupLag ObserveGroup(GroupCommits group, IReadOnlyDictionary<TopicPartitionKey, long> logEnds, long nowMs, long forgetBefore)
    {
        if (!_windows.TryGetValue(group.Group, out var windows))
        {
            windows = [];
            _windows[group.Group] = windows;
        }

        var topics = new Dictionary<string, TopicAccumulator>(StringComparer.Ordinal);
        var full = 0;
        var counted = 0;
        foreach (var commit in group.Offsets)
        {
            if (!logEnds.TryGetValue(commit.Partition, out var logEnd) || !_logEnds.TryGetValue(commit.Partition, out var table))
            {
                continue;
            }

            if (!windows.TryGetValue(commit.Partition, out var window))
            {
                window = new CommitWindow(windowRounds);
                windows[commit.Partition] = window;
            }

            window.Add(commit.Offset, logEnd, nowMs);
            var status = ConsumerStatusEvaluator.Evaluate(window);
            var lag = Math.Max(0, logEnd - commit.Offset);
            var seconds = LagSeconds.Estimate(table, commit.Offset, logEnd, nowMs);
            if (!topics.TryGetValue(commit.Partition.Topic, out var acc))
            {
                acc = new TopicAccumulator(worstPartitions);
                topics[commit.Partition.Topic] = acc;
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
        return new KafkaGroupLag(
            group.Group,
            group.Sink,
            topicLags.Count == 0 ? ConsumerStatus.Ok : topicLags.Max(t => t.Status),
            topicLags.Sum(t => t.LagMessages),
            topicLags.Count == 0 ? 0 : topicLags.Max(t => t.MaxLagSeconds),
            counted,
            counted == 0 ? 0 : (double)full / counted,
            topicLags);
    }

    /// <summary>Sums one topic's partitions and keeps only the few worst, so reports stay small on 100,000 partitions.</summary>
    private sealed class TopicAccumulator(int keep)
    {
        private readonly List<KafkaPartitionLag> _worst = new(keep + 1);
        private ConsumerStatus _status;
        private long _lag;
        private double _maxSeconds;
        private int _partitions;

        public void Add(int partition, long committed, long logEnd, long lag, LagEstimate seconds, ConsumerStatus status)
        {
            _partitions++;
            _lag += lag;
            _maxSeconds = Math.Max(_maxSeconds, seconds.Seconds);
            _status = status > _status ? status : _status;
            if (lag == 0 && status == ConsumerStatus.Ok)
            {
                return;
            }

            if (_worst.Count == keep && !IsWorse(status, seconds.Seconds, lag, _worst[^1]))
            {
                return;
            }

            var entry = new KafkaPartitionLag(partition, committed, logEnd, lag, Math.Round(seconds.Seconds, 3), seconds.IsLowerBound, status);
            var at = _worst.FindIndex(w => IsWorse(status, seconds.Seconds, lag, w));
            _worst.Insert(at < 0 ? _worst.Count : at, entry);
            if (_worst.Count > keep)
            {
                _worst.RemoveAt(_worst.Count - 1);
            }
        }

        public KafkaTopicLag ToLag(string topic) => new(topic, _status, _lag, Math.Round(_maxSeconds, 3), _partitions, _worst);

        private static bool IsWorse(ConsumerStatus status, double seconds, long lag, KafkaPartitionLag than) =>
            status != than.Status ? status > than.Status
            : seconds != than.LagSeconds ? seconds > than.LagSeconds
            : lag > than.Lag;
    }
}
