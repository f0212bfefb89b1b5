using QuorumMonitor.Runtime;

namespace QuorumMonitor.Kafka;

public static class KafkaBuilderExtensions
{
    /// <summary>Monitors the config's <c>kafka:</c> clusters.</summary>
    public static QuorumMonitorBuilder AddKafka(this QuorumMonitorBuilder builder) => builder.AddKind(new KafkaKind());
}
