using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>Warning per group and topic whose oldest unconsumed message is older than the configured threshold.</summary>
public sealed class KafkaConsumerLaggingRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaConsumerLagging";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        var threshold = k.Settings.LagThreshold.TotalSeconds;
        foreach (var g in k.JudgedGroups)
        {
            foreach (var t in g.Topics.Where(t => t.MaxLagSeconds > threshold))
            {
                yield return new AlertCandidate(AlertName, Severity.Warning, k.Cluster,
                    $"Kafka consumer group {g.Group} on {k.Cluster.Name} is {KafkaLagText.Seconds(t.MaxLagSeconds)} behind{KafkaLagText.Source(t.LagSource)} on topic {t.Topic} "
                    + $"({t.LagMessages} messages; threshold {KafkaLagText.Seconds(threshold)}); worst partitions: {KafkaLagText.Partitions(t)}",
                    KafkaLabels.GroupTopic(g.Group, t.Topic));
            }
        }
    }
}
