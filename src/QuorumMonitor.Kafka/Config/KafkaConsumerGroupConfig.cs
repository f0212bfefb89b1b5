using QuorumMonitor.Core.Config;
namespace QuorumMonitor.Kafka.Config;

/// <summary>A consumer group to watch; <see cref="Sink"/> names the MySQL cluster it writes to, when it writes to one.</summary>
public sealed record KafkaConsumerGroupConfig(string Name, string? Sink = null);
