using QuorumMonitor.Core.Config;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Kafka.Probes.Network;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.Kafka;

namespace QuorumMonitor.Incidents.Tests.Seeds;

/// <summary>
/// A Kafka cluster as <c>KafkaClusterMonitor</c> would assemble it, on fake time: the bootstrap brokers (ids 1..N),
/// one topic whose partitions are replicated on every broker, producers writing to it, the configured consumer
/// groups committing what they read, and each broker's NIC. Lag goes through the real <see cref="ConsumerLagTracker"/>
/// and NICs through the real <see cref="KafkaNicProbe"/> reading simulated node_exporter counters, so stall, lag and
/// saturation are judged by the production code, not declared by the test.
/// </summary>
internal sealed class SimulatedKafka
{
    public const string Topic = "events";
    private const int Partitions = 6;

    private readonly TimeProvider _time;
    private readonly ClusterRef _cluster;
    private readonly KafkaClusterSettings _settings;
    private readonly IReadOnlyList<KafkaConsumerGroupConfig> _groups;
    private readonly IReadOnlyList<KafkaBroker> _brokers;
    private readonly ConsumerLagTracker _lag;
    private readonly Dictionary<int, SimulatedNodeExporter> _exporters = [];
    private readonly List<KafkaNicProbe> _nics = [];
    private readonly double[] _logEnds = Enumerable.Repeat(1_000_000d, Partitions).ToArray();
    private readonly Dictionary<string, long[]> _committed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);
    private readonly HashSet<int> _down = [];
    private DateTimeOffset _producedTo;

    public SimulatedKafka(KafkaClusterConfig config, TimeSpan defaultDeadline, TimeProvider time)
    {
        _time = time;
        _cluster = new ClusterRef(KafkaKind.KindName, config.Name);
        _settings = new KafkaClusterSettings(config.Lag.Threshold, config.Network?.Horizon ?? TimeSpan.FromDays(7), config.DependsOn) { Lag = config.Lag };
        _groups = config.ConsumerGroups;
        _brokers = config.BootstrapServers.Split(',').Select((server, i) =>
        {
            HostPort.TryParse(server.Trim(), out var hostPort, out _);
            return new KafkaBroker(i + 1, hostPort.Host, hostPort.Port);
        }).ToList();
        _lag = new ConsumerLagTracker(config.Lag.WindowRounds);
        _producedTo = time.GetUtcNow();
        foreach (var g in _groups)
        {
            _committed[g.Name] = _logEnds.Select(o => (long)o).ToArray();
        }

        if (config.Network is { } network)
        {
            foreach (var (id, url) in network.Brokers.OrderBy(b => b.Key))
            {
                var exporter = new SimulatedNodeExporter(url, time);
                _exporters[id] = exporter;
                _nics.Add(new KafkaNicProbe(id, exporter, network.CapacityBytesPerSecond, network.Threshold, network.ForecastWindow,
                    config.Deadline ?? defaultDeadline, time));
            }
        }
    }

    /// <summary>Messages per second written to each partition while its leader is live.</summary>
    public double MessagesPerSecond { get; set; } = 40;

    /// <summary>The broker's process and host go down: it leaves metadata, its NIC cannot be read, leadership moves.</summary>
    public void Down(int broker)
    {
        _down.Add(broker);
        if (_exporters.TryGetValue(broker, out var exporter))
        {
            exporter.Down = true;
        }
    }

    /// <summary>The group stops committing (its consumers hang or crash); producers carry on.</summary>
    public void StopConsuming(string group) => _stopped.Add(group);

    public void SetTraffic(int broker, double outMbps, double inMbps) => _exporters[broker].SetTraffic(outMbps, inMbps);

    public KafkaClusterObservation Observe()
    {
        var now = _time.GetUtcNow();
        var metadata = Metadata();
        var leaderLive = metadata.Partitions.ToDictionary(p => p.Partition, p => p.Leader > 0);
        var seconds = (now - _producedTo).TotalSeconds;
        _producedTo = now;
        for (var p = 0; p < Partitions; p++)
        {
            if (leaderLive[p])
            {
                _logEnds[p] += MessagesPerSecond * seconds;
            }
        }

        var logEnds = Enumerable.Range(0, Partitions).Where(p => leaderLive[p])
            .ToDictionary(p => new TopicPartitionKey(Topic, p), p => (long)_logEnds[p]);
        var commits = new List<GroupCommits>(_groups.Count);
        foreach (var g in _groups)
        {
            var committed = _committed[g.Name];
            if (!_stopped.Contains(g.Name))
            {
                foreach (var (key, logEnd) in logEnds)
                {
                    committed[key.Partition] = logEnd;
                }
            }

            commits.Add(new GroupCommits(g.Name, g.Sink,
                committed.Select((offset, p) => new CommittedOffset(new TopicPartitionKey(Topic, p), offset)).ToList()));
        }

        var lag = new KafkaLagResult
        {
            UnitId = "lag",
            At = now,
            Duration = TimeSpan.FromMilliseconds(6),
            Groups = _lag.Observe(new KafkaOffsetsSnapshot(now, logEnds, commits)),
            Partitions = Partitions,
        };
        var nics = _nics.Select(n => (KafkaNicResult)n.ProbeAsync(CancellationToken.None).GetAwaiter().GetResult()).ToList();
        return new KafkaClusterObservation(
            _cluster,
            now,
            _settings,
            new KafkaMetadataResult
            {
                UnitId = "metadata",
                At = now,
                Duration = TimeSpan.FromMilliseconds(5),
                Metadata = metadata,
                ExpectedBrokerIds = _brokers.Select(b => b.Id).ToList(),
                KnownBrokers = _brokers,
            },
            new KafkaEndpointResult
            {
                UnitId = "endpoints",
                At = now,
                Duration = TimeSpan.FromMilliseconds(2),
                Checks = metadata.Brokers.Select(b => new KafkaEndpointCheck(b, KafkaEndpointState.Reachable)).ToList(),
            },
            lag,
            nics);
    }

    /// <summary>Every partition on every broker, preferred leaders spread; the controller moves leadership off dead brokers.</summary>
    private KafkaMetadataSnapshot Metadata()
    {
        var live = _brokers.Where(b => !_down.Contains(b.Id)).ToList();
        var partitions = Enumerable.Range(0, Partitions).Select(p =>
        {
            var replicas = Enumerable.Range(0, _brokers.Count).Select(r => _brokers[(p + r) % _brokers.Count].Id).ToList();
            var isr = replicas.Where(id => !_down.Contains(id)).ToList();
            return new KafkaPartitionInfo(Topic, p, isr.Count > 0 ? isr[0] : -1, replicas, isr);
        }).ToList();
        return new KafkaMetadataSnapshot(live, partitions);
    }
}
