using QuorumMonitor.Kafka.Config;

namespace QuorumMonitor.Kafka.Model;

/// <summary>The thresholds rules compare a Kafka observation against, carried with it so rules stay stateless.</summary>
public sealed record KafkaClusterSettings(TimeSpan LagThreshold, TimeSpan NicHorizon, IReadOnlyList<string> DependsOn)
{
    /// <summary>The cluster's <c>lag:</c> settings (the metrics read its series bounds and grace from here).</summary>
    public KafkaLagConfig Lag { get; init; } = new();

    /// <summary>The cluster's <c>minInsyncReplicas</c> (restart permits judge by it).</summary>
    public int MinInsyncReplicas { get; init; } = KafkaClusterConfig.DefaultMinInsyncReplicas;
}
