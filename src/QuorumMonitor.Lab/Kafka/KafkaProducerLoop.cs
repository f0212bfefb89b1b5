using Confluent.Kafka;
using QuorumMonitor.Kafka.Probes.Client;

namespace QuorumMonitor.Lab.Kafka;

/// <summary>A producer writing one small message every <c>interval</c> to the topic's partitions in turn, until stopped.</summary>
public sealed class KafkaProducerLoop : IAsyncDisposable
{
    private readonly IProducer<Null, string> _producer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sent;

    public KafkaProducerLoop(string bootstrapServers, string topic, int partitions, TimeSpan interval)
    {
        KafkaNativeLibrary.EnsureLoaded();
        _producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 0 })
            .SetLogHandler((_, _) => { })
            .Build();
        _loop = Task.Run(() => RunAsync(topic, partitions, interval, _stop.Token));
    }

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Writes <paramref name="count"/> messages spread over every partition and waits until all are acknowledged.</summary>
    public static void ProduceBatch(string bootstrapServers, string topic, int partitions, int count)
    {
        KafkaNativeLibrary.EnsureLoaded();
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrapServers })
            .SetLogHandler((_, _) => { })
            .Build();
        for (var i = 0; i < count; i++)
        {
            producer.Produce(new TopicPartition(topic, i % partitions), new Message<Null, string> { Value = $"m{i}" });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _producer.Flush(TimeSpan.FromSeconds(2));
        _producer.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(string topic, int partitions, TimeSpan interval, CancellationToken cancellationToken)
    {
        var i = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            _producer.Produce(new TopicPartition(topic, i++ % partitions), new Message<Null, string> { Value = $"m{i}" },
                r => { if (!r.Error.IsError) { Interlocked.Increment(ref _sent); } });
            try
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
