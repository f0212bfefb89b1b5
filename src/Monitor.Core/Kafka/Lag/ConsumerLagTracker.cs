namespace Monitor.Core.Kafka.Lag;

/// <summary>
/// Keeps the history lag needs (a log-end table per partition, a commit window per group and partition) and turns each
/// offsets snapshot into per-group, per-topic lag in messages and seconds with Burrow-style statuses. Not thread-safe:
/// one probe unit owns it. Partitions and groups absent from a snapshot are forgotten, so deleted topics cost nothing.
/// </summary>
public sealed class ConsumerLagTracker(int windowRounds, int worstPartitions = 3)
{
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

        if (_logEnds.Count > snapshot.LogEnds.Count)
        {
            foreach (var gone in _logEnds.Keys.Where(k => !snapshot.LogEnds.ContainsKey(k)).ToList())
            {
                _logEnds.Remove(gone);
            }
        }

        var groups = new List<KafkaGroupLag>(snapshot.Groups.Count);
        foreach (var g in snapshot.Groups)
        {
            groups.Add(ObserveGroup(g, snapshot.LogEnds, nowMs));
        }

        foreach (var gone in _windows.Keys.Where(name => snapshot.Groups.All(g => g.Group != name)).ToList())
        {
            _windows.Remove(gone);
        }

        return groups;
    }

    private KafkaGroupLag ObserveGroup(GroupCommits group, IReadOnlyDictionary<TopicPartitionKey, long> logEnds, long nowMs)
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
            var present = group.Offsets.Select(o => o.Partition).ToHashSet();
            foreach (var gone in windows.Keys.Where(k => !present.Contains(k)).ToList())
            {
                windows.Remove(gone);
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
