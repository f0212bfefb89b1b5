using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Config;

namespace QuorumMonitor.Kafka.Probes.Client;

/// <summary>
/// <see cref="IKafkaAdmin"/> over one long-lived Confluent.Kafka admin client per cluster (creating one per round costs
/// connections and threads). It does not hide a dead cluster: every call is a fresh request that fails when no broker
/// answers. librdkafka's own log lines go to the logger at debug level, not to stderr. Every call holds the client
/// through a <see cref="NativeClientGate"/>, so disposing it while a timed-out round's call still runs is safe.
/// </summary>
public sealed partial class ConfluentKafkaAdmin : IKafkaAdmin, IDisposable
{
    private readonly Lazy<IAdminClient> _client;
    private readonly FirstRecordReader _records;
    private readonly ILogger _log;
    private readonly NativeClientGate _gate;

    public ConfluentKafkaAdmin(KafkaClusterConfig config, ILogger<ConfluentKafkaAdmin> log)
    {
        _log = log;
        _client = new Lazy<IAdminClient>(() => Build(config), LazyThreadSafetyMode.ExecutionAndPublication);
        _records = new FirstRecordReader(config, (facility, message) => LogClient(config.Name, facility, message));
        _gate = new NativeClientGate(
            () => { if (_client.IsValueCreated) { _client.Value.Dispose(); } },
            ex => LogClientError(config.Name, "disposing the admin client failed: " + ex.Message));
    }

    public KafkaMetadataSnapshot GetMetadata(TimeSpan timeout)
    {
        Metadata metadata;
        using (_gate.Enter())
        {
            metadata = _client.Value.GetMetadata(timeout);
        }

        var partitions = new List<KafkaPartitionInfo>();
        foreach (var topic in metadata.Topics)
        {
            if (topic.Topic.StartsWith("__", StringComparison.Ordinal) || topic.Error.IsError)
            {
                continue;
            }

            foreach (var p in topic.Partitions)
            {
                partitions.Add(new KafkaPartitionInfo(topic.Topic, p.PartitionId, p.Leader, p.Replicas, p.InSyncReplicas));
            }
        }

        return new KafkaMetadataSnapshot(metadata.Brokers.Select(b => new KafkaBroker(b.BrokerId, b.Host, b.Port)).ToList(), partitions);
    }

    public async Task<int?> DescribeControllerAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _gate.Track(() => _client.Value.DescribeClusterAsync(new DescribeClusterOptions { RequestTimeout = timeout }))
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            return result.Controller?.Id;
        }
        catch (KafkaException ex)
        {
            throw new KafkaApiUnsupportedException("DescribeCluster", ex.Error.Reason, ex);
        }
    }

    public async Task<IReadOnlyList<string>> ListGroupsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The classic ListGroups call, not ListConsumerGroupsAsync: on brokers that refuse the request the latter
        // crashes the process inside librdkafka 2.16 (double free, seen against its mock cluster).
        try
        {
            var groups = await Task.Run(
                () =>
                {
                    using var lease = _gate.Enter();
                    return _client.Value.ListGroups(timeout);
                },
                cancellationToken).ConfigureAwait(false);
            return groups.Where(g => !g.Error.IsError && g.ProtocolType is "consumer" or "").Select(g => g.Group).ToList();
        }
        catch (KafkaException ex)
        {
            throw new KafkaApiUnsupportedException("ListGroups", ex.Error.Reason, ex);
        }
    }

    public async Task<IReadOnlyList<CommittedOffset>> ListCommittedAsync(
        string group, IReadOnlyList<TopicPartitionKey> partitions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Partitions are always named: OffsetFetch with none means "all" to a real broker but "nothing" to some peers.
        var request = new ConsumerGroupTopicPartitions(group, partitions.Select(p => new TopicPartition(p.Topic, p.Partition)).ToList());
        var result = await _gate.Track(() => _client.Value.ListConsumerGroupOffsetsAsync([request], new ListConsumerGroupOffsetsOptions { RequestTimeout = timeout }))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.SelectMany(g => g.Partitions)
            .Where(p => !p.Error.IsError && p.Offset.Value >= 0)
            .Select(p => new CommittedOffset(new TopicPartitionKey(p.Topic, p.Partition.Value), p.Offset.Value))
            .ToList();
    }

    public async Task<IReadOnlyDictionary<TopicPartitionKey, long>> ListLogEndsAsync(
        IReadOnlyList<TopicPartitionKey> partitions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(p.Topic, p.Partition), OffsetSpec = OffsetSpec.Latest() });
        List<ListOffsetsResultInfo> infos;
        try
        {
            var result = await _gate.Track(() => _client.Value.ListOffsetsAsync(request, new ListOffsetsOptions { RequestTimeout = timeout }))
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            infos = result.ResultInfos;
        }
        catch (ListOffsetsException ex)
        {
            // Some leaders did not answer (a broker is down): keep what the others returned.
            infos = ex.Result.ResultInfos;
        }

        var logEnds = new Dictionary<TopicPartitionKey, long>(partitions.Count);
        foreach (var info in infos)
        {
            var tpo = info.TopicPartitionOffsetError;
            if (!tpo.Error.IsError && tpo.Offset.Value >= 0)
            {
                logEnds[new TopicPartitionKey(tpo.Topic, tpo.Partition.Value)] = tpo.Offset.Value;
            }
        }

        return logEnds;
    }

    public Task<IReadOnlyDictionary<CommittedOffset, RecordTimestamp>> ReadTimestampsAsync(
        IReadOnlyList<CommittedOffset> positions, TimeSpan timeout, CancellationToken cancellationToken) =>
        _records.ReadAsync(positions, timeout, cancellationToken);

    /// <summary>Refuses new calls at once; each client is freed when its last running call ends.</summary>
    public void Dispose()
    {
        _records.Dispose();
        _gate.Close();
    }

    private IAdminClient Build(KafkaClusterConfig config)
    {
        KafkaNativeLibrary.EnsureLoaded();
        var clientConfig = new AdminClientConfig
        {
            BootstrapServers = config.BootstrapServers,
            ClientId = "quorum-monitor",
            SocketConnectionSetupTimeoutMs = 5000,
            ReconnectBackoffMaxMs = 2000,
        };
        foreach (var (key, value) in config.Security.Properties)
        {
            clientConfig.Set(key, value);
        }

        return new AdminClientBuilder(clientConfig)
            .SetLogHandler((_, m) => LogClient(config.Name, m.Facility, m.Message))
            .SetErrorHandler((_, e) => LogClientError(config.Name, e.Reason))
            .Build();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka ({Cluster}) {Facility}: {Message}")]
    private partial void LogClient(string cluster, string facility, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka ({Cluster}) error: {Reason}")]
    private partial void LogClientError(string cluster, string reason);
}
