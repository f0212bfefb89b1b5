using System.Globalization;
using System.Text;
using QuorumMonitor.Lab.Kafka;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// The Kafka cluster the Kafka drills run on: librdkafka's 3-broker mock cluster (the real protocol, in this process),
/// a topic, a steady producer and a consumer group that has caught up before the monitor starts.
/// </summary>
public sealed class DrillKafka : IAsyncDisposable
{
    public const string Name = "kafka-drill";
    public const string Cluster = "kafka/" + Name;
    public const string Topic = "events";
    public const string Group = "billing";
    private const int Partitions = 6;

    private DrillKafka(MockKafkaCluster mock)
    {
        Mock = mock;
        Producer = new KafkaProducerLoop(mock.BootstrapServers, Topic, Partitions, TimeSpan.FromMilliseconds(50));
        Consumer = new KafkaConsumerLoop(mock.BootstrapServers, Group, Topic, Partitions);
    }

    public MockKafkaCluster Mock { get; }

    public KafkaProducerLoop Producer { get; }

    public KafkaConsumerLoop Consumer { get; }

    public static async Task<DrillKafka> StartAsync(DrillLab lab, CancellationToken cancellationToken)
    {
        await lab.Progress.WriteLineAsync($"drill: starting a 3-broker Kafka mock cluster {Name} with a producer and consumer group {Group}").ConfigureAwait(false);
        var mock = MockKafkaCluster.Start(3);
        try
        {
            mock.CreateTopic(Topic, Partitions, 3);
        }
        catch
        {
            mock.Dispose();
            throw;
        }

        var kafka = lab.Own(new DrillKafka(mock));
        var until = lab.Time.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (kafka.Consumer.Consumed < 5 * Partitions)
        {
            if (lab.Time.GetUtcNow() > until)
            {
                throw new TimeoutException($"the consumer group read {kafka.Consumer.Consumed} messages in 30 s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), lab.Time, cancellationToken).ConfigureAwait(false);
        }

        return kafka;
    }

    /// <summary>The broker's port, from the bootstrap list (broker ids 1..N in order).</summary>
    public int PortOf(int brokerId) =>
        int.Parse(Mock.BootstrapServers.Split(',')[brokerId - 1].Split(':')[^1], CultureInfo.InvariantCulture);

    /// <param name="withGroup">Whether the monitor watches the consumer group's lag.</param>
    /// <param name="extra">More lines of the cluster's entry (e.g. <c>network:</c>), indented by four.</param>
    public string Yaml(bool withGroup, string? dependsOn = null, string extra = "")
    {
        var yaml = new StringBuilder("kafka:\n")
            .Append(CultureInfo.InvariantCulture, $"  - name: {Name}\n")
            .Append(CultureInfo.InvariantCulture, $"    bootstrapServers: \"{Mock.BootstrapServers}\"\n");
        if (dependsOn is not null)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    dependsOn: [{dependsOn}]\n");
        }

        // A short lag window: a stall confirms within seconds, and the lag threshold is far off (no lag warning).
        yaml.Append(withGroup
            ? string.Create(CultureInfo.InvariantCulture, $"    consumerGroups: [{Group}]\n    lag: {{threshold: 5m, windowRounds: 3}}\n")
            : "    lag: {discoverGroups: false}\n");
        return yaml.Append(extra).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Consumer.Dispose();
        await Producer.DisposeAsync().ConfigureAwait(false);
        Mock.Dispose();
    }
}
