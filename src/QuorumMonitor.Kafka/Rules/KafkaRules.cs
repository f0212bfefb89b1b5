using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>The built-in Kafka rules.</summary>
public static class KafkaRules
{
    public static IEnumerable<IRule> All() =>
    [
        new KafkaClusterUnreachableRule(),
        new KafkaPartitionsOfflineRule(),
        new KafkaBrokerDownRule(),
        new KafkaUnderReplicatedPartitionsRule(),
        new KafkaBrokerUnresolvableRule(),
        new KafkaBrokerUnreachableRule(),
        new KafkaConsumerStalledRule(),
        new KafkaConsumerLaggingRule(),
        new KafkaNicSaturatedRule(),
        new KafkaNoBrokerLossHeadroomRule(),
        new KafkaNicSaturationForecastRule(),
        new KafkaProbeFailedRule(),
        new KafkaRestartWithoutPermitRule(),
        new KafkaOverlappingRestartsRule(),
    ];
}
