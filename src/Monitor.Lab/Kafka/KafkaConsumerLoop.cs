using Confluent.Kafka;
using Monitor.Probes.Kafka.Client;

namespace Monitor.Lab.Kafka;

/// <summary>
/// A consumer group member reading every partition of a topic (assigned, not subscribed: the mock cluster's group
/// coordinator is not needed for commits) and committing after each message, until paused or disposed.
/// </summary>
public sealed class KafkaConsumerLoop : IDisposable
{
    private readonly IConsumer<Ignore, string> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private volatile bool _paused;
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

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Run()
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
                var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null || result.IsPartitionEOF)
                {
                    continue;
                }

                Interlocked.Increment(ref _consumed);
                _consumer.Commit(result);
            }
            catch (KafkaException)
            {
                // A broker set down by a test; the loop keeps going as a real consumer would.
            }
        }
    }
}
