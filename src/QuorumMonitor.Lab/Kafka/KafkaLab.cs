using System.Globalization;
using System.Text;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Lab.Kafka;

/// <summary>
/// The Kafka part of <c>monitor lab</c>: a 3-broker mock cluster with a topic, a steady producer, a consumer group that
/// keeps up, and the real node_exporter whose loopback counters stand in for each broker's NIC.
/// </summary>
public sealed class KafkaLab : IDisposable
{
    public const string Topic = "events";
    public const string Group = "billing";
    private const int Partitions = 6;

    private readonly KafkaProducerLoop _producer;
    private readonly KafkaConsumerLoop _consumer;

    private KafkaLab(MockKafkaCluster cluster, KafkaProducerLoop producer, KafkaConsumerLoop consumer, NodeExporterServer nodeExporter)
    {
        Cluster = cluster;
        _producer = producer;
        _consumer = consumer;
        NodeExporter = nodeExporter;
    }

    public MockKafkaCluster Cluster { get; }

    public NodeExporterServer NodeExporter { get; }

    public static async Task<KafkaLab> StartAsync(FreePorts ports, LabDirectory directory, CancellationToken cancellationToken)
    {
        var cluster = MockKafkaCluster.Start(3);
        try
        {
            cluster.CreateTopic(Topic, Partitions, 3);
            var nodeExporter = await NodeExporterServer.StartAsync(ports, directory, cancellationToken).ConfigureAwait(false);
            var producer = new KafkaProducerLoop(cluster.BootstrapServers, Topic, Partitions, TimeSpan.FromMilliseconds(200));
            var consumer = new KafkaConsumerLoop(cluster.BootstrapServers, Group, Topic, Partitions);
            return new KafkaLab(cluster, producer, consumer, nodeExporter);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>One <c>kafka:</c> list entry for this lab, indented for the generated config.</summary>
    /// <param name="sink">The MySQL cluster the consumer group writes to, so a frozen database explains its lag.</param>
    public string ToYaml(string name, string? dependsOn, string? sink = null)
    {
        var url = NodeExporter.MetricsUrl;
        var yaml = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"  - name: {name}\n")
            .Append(CultureInfo.InvariantCulture, $"    bootstrapServers: \"{Cluster.BootstrapServers}\"\n");
        if (dependsOn is not null)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"    dependsOn: [{dependsOn}]\n");
        }

        return yaml
            .Append(sink is null
                ? string.Create(CultureInfo.InvariantCulture, $"    consumerGroups: [{Group}]\n")
                : string.Create(CultureInfo.InvariantCulture, $"    consumerGroups: [{{name: {Group}, sink: {sink}}}]\n"))
            .Append("    network:\n      capacityMbps: 1000\n      device: lo\n")
            .Append(CultureInfo.InvariantCulture, $"      brokers: {{\"1\": \"{url}\", \"2\": \"{url}\", \"3\": \"{url}\"}}\n")
            .ToString();
    }

    public void Dispose()
    {
        _consumer.Dispose();
        _producer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        NodeExporter.Dispose();
        Cluster.Dispose();
    }
}
