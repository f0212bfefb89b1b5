using BenchmarkDotNet.Attributes;
using QuorumMonitor.Kafka.Model.Lag;

namespace QuorumMonitor.Bench;

/// <summary>
/// One lag-evaluation round over 100,000 partitions (100 topics x 1,000): update each partition's log-end table, each
/// group's commit window, lag in messages and seconds, Burrow-style status, per-topic aggregation. Target: under 50 ms
/// per round. Each op also advances the 100,000 input offsets (a write per partition), as a new poll would.
/// </summary>
[MemoryDiagnoser]
public class KafkaLagBenchmark
{
    private const int Topics = 100;
    private const int PartitionsPerTopic = 1_000;

    private readonly Dictionary<TopicPartitionKey, long> _logEnds = new(Topics * PartitionsPerTopic);
    private TopicPartitionKey[] _keys = [];
    private CommittedOffset[][] _commits = [];
    private ConsumerLagTracker _tracker = null!;
    private DateTimeOffset _now;
    private long _round;

    [Params(1, 4)]
    public int Groups { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _keys = [.. Enumerable.Range(0, Topics).SelectMany(t => Enumerable.Range(0, PartitionsPerTopic).Select(p => new TopicPartitionKey($"topic-{t:000}", p)))];
        _commits = [.. Enumerable.Range(0, Groups).Select(_ => new CommittedOffset[_keys.Length])];
        _tracker = new ConsumerLagTracker(windowRounds: 10);
        _now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

        // Fill the history first, so the measured rounds run with full tables and windows.
        for (var i = 0; i < 40; i++)
        {
            Round();
        }
    }

    [Benchmark]
    public int Round()
    {
        _round++;
        _now = _now.AddSeconds(5);
        for (var i = 0; i < _keys.Length; i++)
        {
            // Producers write 10 messages per partition per round; groups lag by different amounts, one stops on some topics.
            var logEnd = _round * 10;
            _logEnds[_keys[i]] = logEnd;
            for (var g = 0; g < _commits.Length; g++)
            {
                var stalled = g == 1 && i % 7 == 0;
                _commits[g][i] = new CommittedOffset(_keys[i], stalled ? 100 : Math.Max(0, logEnd - (g * 3) - (i % 5)));
            }
        }

        var snapshot = new KafkaOffsetsSnapshot(_now, _logEnds,
            [.. _commits.Select((c, g) => new GroupCommits($"group-{g}", null, c))]);
        return _tracker.Observe(snapshot).Count;
    }
}
