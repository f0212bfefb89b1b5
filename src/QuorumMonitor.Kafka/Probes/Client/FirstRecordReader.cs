using Confluent.Kafka;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.Kafka.Model.Lag;

namespace QuorumMonitor.Kafka.Probes.Client;

/// <summary>
/// Reads the timestamp of the record at a committed offset: one long-lived consumer (no group membership, never
/// commits) is assigned the positions, each partition is paused after its first record, and the consumer is unassigned
/// at the end. Bounded: fetches are capped in bytes (a fetch may still return one whole record batch, as Kafka always
/// does), keys and values are never deserialized, and the whole read stops at its timeout. A read holds the consumer
/// through a <see cref="NativeClientGate"/>: disposing the reader mid-read frees the consumer when the read ends.
/// </summary>
internal sealed class FirstRecordReader : IDisposable
{
    /// <summary>One consumer, one caller: a read still running (its round timed out) makes the next one skip.</summary>
    private readonly SemaphoreSlim _busy = new(1, 1);
    private readonly Lazy<IConsumer<Ignore, Ignore>> _consumer;
    private readonly NativeClientGate _gate;

    public FirstRecordReader(KafkaClusterConfig config, Action<string, string> log)
    {
        _consumer = new Lazy<IConsumer<Ignore, Ignore>>(() => Build(config, log), LazyThreadSafetyMode.ExecutionAndPublication);
        _gate = new NativeClientGate(
            () => { if (_consumer.IsValueCreated) { _consumer.Value.Dispose(); } },
            ex => log("error", "disposing the timestamp consumer failed: " + ex.Message));
    }

    public async Task<IReadOnlyDictionary<CommittedOffset, RecordTimestamp>> ReadAsync(
        IReadOnlyList<CommittedOffset> positions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (positions.Count == 0 || !await _busy.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return new Dictionary<CommittedOffset, RecordTimestamp>();
        }

        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(timeout);
            return await Task.Run(
                () =>
                {
                    using var lease = _gate.Enter();
                    return Read(positions, bounded.Token);
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _busy.Release();
        }
    }

    /// <summary>Refuses new reads; the consumer is freed now, or when a running read ends. <c>_busy</c> is left to the GC:
    /// a running read still releases it.</summary>
    public void Dispose() => _gate.Close();

    private Dictionary<CommittedOffset, RecordTimestamp> Read(IReadOnlyList<CommittedOffset> positions, CancellationToken timeout)
    {
        var consumer = _consumer.Value;
        // One position per partition per read: other groups' offsets on the same partition are left for the next round.
        var pending = new Dictionary<TopicPartition, CommittedOffset>();
        foreach (var p in positions)
        {
            pending.TryAdd(new TopicPartition(p.Partition.Topic, p.Partition.Partition), p);
        }

        var found = new Dictionary<CommittedOffset, RecordTimestamp>();
        consumer.Assign(pending.Select(p => new TopicPartitionOffset(p.Key, p.Value.Offset)));
        try
        {
            while (pending.Count > 0 && !timeout.IsCancellationRequested)
            {
                ConsumeResult<Ignore, Ignore>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(50));
                }
                catch (ConsumeException ex) when (ex.ConsumerRecord?.TopicPartition is { } failed && pending.Remove(failed, out var position))
                {
                    // Per partition (no permission, unknown partition): say why, and do not ask again for this offset.
                    found[position] = RecordTimestamp.None(ex.Error.Reason);
                    consumer.Pause([failed]);
                    continue;
                }

                // Older than the position asked for: left over from a previous assignment.
                if (result is null || !pending.TryGetValue(result.TopicPartition, out var asked) || (!result.IsPartitionEOF && result.Offset.Value < asked.Offset))
                {
                    continue;
                }

                pending.Remove(result.TopicPartition);
                consumer.Pause([result.TopicPartition]);
                found[asked] = Timestamp(result);
            }
        }
        finally
        {
            consumer.Unassign();
        }

        return found;
    }

    private static RecordTimestamp Timestamp(ConsumeResult<Ignore, Ignore> result)
    {
        if (result.IsPartitionEOF)
        {
            return RecordTimestamp.None("empty fetch: no record at the committed offset");
        }

        var ts = result.Message.Timestamp;
        return ts.Type switch
        {
            TimestampType.CreateTime when ts.UnixTimestampMs >= 0 => RecordTimestamp.Of(ts.UnixTimestampMs, MessageTimestampType.CreateTime),
            TimestampType.LogAppendTime when ts.UnixTimestampMs >= 0 => RecordTimestamp.Of(ts.UnixTimestampMs, MessageTimestampType.LogAppendTime),
            _ => RecordTimestamp.None("the record has no timestamp (-1)"),
        };
    }

    private static IConsumer<Ignore, Ignore> Build(KafkaClusterConfig config, Action<string, string> log)
    {
        KafkaNativeLibrary.EnsureLoaded();
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = config.BootstrapServers,
            ClientId = "quorum-monitor-lag",
            // Required by the client, never joined (assign only) and never committed to.
            GroupId = "quorum-monitor-lag-timestamps",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
            // A committed offset below the log start (retention deleted it): the first message that still exists is the oldest unconsumed.
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // The record at the offset, whether or not its transaction has committed.
            IsolationLevel = IsolationLevel.ReadUncommitted,
            FetchMaxBytes = 1 << 20,
            MaxPartitionFetchBytes = 16 << 10,
            QueuedMinMessages = 1,
            QueuedMaxMessagesKbytes = 2 << 10,
            FetchWaitMaxMs = 100,
            SocketConnectionSetupTimeoutMs = 5000,
            ReconnectBackoffMaxMs = 2000,
        };
        foreach (var (key, value) in config.Security.Properties)
        {
            consumerConfig.Set(key, value);
        }

        return new ConsumerBuilder<Ignore, Ignore>(consumerConfig)
            .SetLogHandler((_, m) => log(m.Facility, m.Message))
            .SetErrorHandler((_, e) => log("error", e.Reason))
            .Build();
    }
}
