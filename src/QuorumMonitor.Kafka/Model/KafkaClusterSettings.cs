namespace QuorumMonitor.Kafka.Model;

/// <summary>The thresholds rules compare a Kafka observation against, carried with it so rules stay stateless.</summary>
public sealed record KafkaClusterSettings(TimeSpan LagThreshold, TimeSpan NicHorizon, IReadOnlyList<string> DependsOn);
