using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>
/// Page per group and topic with a STALL partition: producers keep writing, the group's committed offsets have not moved
/// for the whole window, and its lag grows. A caught-up group on an idle topic is never stalled.
/// </summary>
public sealed class KafkaConsumerStalledRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaConsumerStalled";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        foreach (var g in k.JudgedGroups)
        {
            foreach (var t in g.Topics.Where(t => t.Status == ConsumerStatus.Stall))
            {
                yield return new AlertCandidate(AlertName, Severity.Page, k.Cluster,
                    $"Kafka consumer group {g.Group} on {k.Cluster.Name} has stalled on topic {t.Topic}: commits not advancing while lag grows "
                    + $"({t.LagMessages} messages, {KafkaLagText.Seconds(t.MaxLagSeconds)} behind)"
                    + (g.Sink is null ? "" : $"; it feeds {g.Sink}")
                    + $"; worst partitions: {KafkaLagText.Partitions(t)}",
                    KafkaLabels.GroupTopic(g.Group, t.Topic));
            }
        }
    }
}
