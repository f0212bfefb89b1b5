using Confluent.Kafka;
using QuorumMonitor.Kafka.Probes.Client;

namespace QuorumMonitor.Lab.Kafka;

/// <summary>
/// A consumer group member reading every partition of a topic (assigned, not subscribed: the mock cluster's group
/// coordinator is not needed for commits) and committing what it has read after each batch, until paused or disposed.
/// The loop's thread owns the consumer and frees it when it ends: a commit blocked on a broker set down can outlast
/// <see cref="Dispose"/>'s wait, and freeing the consumer under it would corrupt the native heap.
/// </summary>
public sealed class KafkaConsumerLoop : IDisposable
{
    private readonly IConsumer<Ignore, string> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private volatile bool _paused;
    private int _disposed;
    private long _consumed;

    public KafkaConsumerLoop(string bootstrapServers, string group, string topic, int partitions)
    {
        KafkaNativeLibrary.EnsureLoaded();
        _consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Stored)));
        _thread = new Thread(Run) { IsBackground = true, Name = $"kafka-consumer-{group}" };
        _thread.Start();
    }

    public long Consumed => Interlocked.Read(ref _consumed);

    /// <summary>Stops consuming and committing; the group's committed offsets stay where they are.</summary>
    public void Pause() => _paused = true;

    /// <summary>Consumes and commits again from the committed offsets.</summary>
    public void Resume() => _paused = false;

    /// <summary>Stops the loop and waits for it a while; the thread closes and frees the consumer on its way out.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Cancel();
            _thread.Join(TimeSpan.FromSeconds(10));
        }
    }

    private void Run()
    {
        try
        {
            Consume();
        }
        finally
        {
            _consumer.Close();
            _consumer.Dispose();
            _stop.Dispose();
        }
    }

    private void Consume()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (_paused)
            {
                _stop.Token.WaitHandle.WaitOne(50);
                continue;
            }

            try
            {
                // Drain what has arrived, then commit once: a commit per message would cap throughput at commit latency.
                var next = new Dictionary<TopicPartition, Offset>();
                var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
                while (result is not null && !result.IsPartitionEOF)
                {
                    Interlocked.Increment(ref _consumed);
                    next[result.TopicPartition] = result.Offset + 1;
                    result = _consumer.Consume(TimeSpan.Zero);
                }

                if (next.Count > 0)
                {
                    _consumer.Commit(next.Select(n => new TopicPartitionOffset(n.Key, n.Value)));
                }
            }
            catch (KafkaException)
            {
                // A broker set down by a test; the loop keeps going as a real consumer would.
            }
        }
    }
}
