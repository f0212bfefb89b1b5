namespace QuorumMonitor.Kafka.Model;

/// <summary>Whether one broker's advertised endpoint works from where the monitor stands.</summary>
public sealed record KafkaEndpointCheck(KafkaBroker Broker, KafkaEndpointState State, string? Error = null);
