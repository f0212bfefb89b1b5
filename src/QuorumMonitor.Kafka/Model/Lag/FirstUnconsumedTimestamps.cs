namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>
/// Timestamps of first unconsumed messages, one per (partition, committed offset), each read from the broker once:
/// a stalled group costs one fetch per partition, not one per round. Each round <see cref="Plan"/> names the positions
/// still unread, at most <c>budget</c> of them, so 100,000 lagging partitions cost bounded work per round and are read
/// over several rounds (the rest interpolated meanwhile). Positions no group needs any more are forgotten, so the cache
/// never holds more than the lagging positions of one round. Not thread-safe: the lag unit owns it.
/// </summary>
public sealed class FirstUnconsumedTimestamps
{
    private Dictionary<(TopicPartitionKey Partition, long Offset), RecordTimestamp> _read = [];
    private Dictionary<(TopicPartitionKey Partition, long Offset), RecordTimestamp> _kept = [];

    public int Count => _read.Count;

    /// <summary>
    /// Positions to fetch this round: lagging (committed below the log end), not read yet, at most <paramref name="budget"/>.
    /// Spread over every group and topic before the second partition of any (each topic's worst is read first), and within
    /// one group and topic the largest lag first. Also starts the round: what no snapshot position needs is dropped.
    /// </summary>
    public IReadOnlyList<CommittedOffset> Plan(KafkaOffsetsSnapshot snapshot, int budget)
    {
        var needed = new Dictionary<(TopicPartitionKey, long), RecordTimestamp>();
        var queues = new Dictionary<(string Group, string Topic), List<(CommittedOffset Position, long Lag)>>();
        foreach (var group in snapshot.Groups)
        {
            foreach (var commit in group.Offsets)
            {
                if (!snapshot.LogEnds.TryGetValue(commit.Partition, out var logEnd) || logEnd <= commit.Offset)
                {
                    continue;
                }

                var key = (commit.Partition, commit.Offset);
                if (_read.TryGetValue(key, out var known))
                {
                    needed[key] = known;
                    continue;
                }

                var queueKey = (group.Group, commit.Partition.Topic);
                if (!queues.TryGetValue(queueKey, out var queue))
                {
                    queue = [];
                    queues[queueKey] = queue;
                }

                queue.Add((commit, logEnd - commit.Offset));
            }
        }

        (_read, _kept) = (needed, _read);
        _kept.Clear();
        if (budget <= 0 || queues.Count == 0)
        {
            return [];
        }

        var sorted = queues.OrderBy(q => q.Key.Group, StringComparer.Ordinal).ThenBy(q => q.Key.Topic, StringComparer.Ordinal)
            .Select(q => q.Value.OrderByDescending(e => e.Lag).ThenBy(e => e.Position.Partition.Partition).ToList())
            .ToList();
        var plan = new List<CommittedOffset>(Math.Min(budget, sorted.Sum(q => q.Count)));
        var planned = new HashSet<(TopicPartitionKey, long)>();
        for (var rank = 0; plan.Count < budget && sorted.Any(q => q.Count > rank); rank++)
        {
            foreach (var queue in sorted)
            {
                if (rank < queue.Count && plan.Count < budget && planned.Add((queue[rank].Position.Partition, queue[rank].Position.Offset)))
                {
                    plan.Add(queue[rank].Position);
                }
            }
        }

        return plan;
    }

    /// <summary>Keeps what a fetch found. An empty fetch (timed out) is not stored: it is retried next round.</summary>
    public void Store(IReadOnlyDictionary<CommittedOffset, RecordTimestamp> found)
    {
        foreach (var (position, timestamp) in found)
        {
            _read[(position.Partition, position.Offset)] = timestamp;
        }
    }

    public RecordTimestamp? Find(TopicPartitionKey partition, long committed) =>
        _read.TryGetValue((partition, committed), out var t) ? t : null;
}
