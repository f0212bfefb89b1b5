using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>Page per broker whose NIC carries threshold × capacity or more in either direction.</summary>
public sealed class KafkaNicSaturatedRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaNicSaturated";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        foreach (var a in k.Assessments.Where(a => a.Saturated))
        {
            yield return new AlertCandidate(AlertName, Severity.Page, k.Cluster,
                $"Kafka broker {a.BrokerId} of {k.Cluster.Name}: NIC at {a.Utilization:P0} of {KafkaNicText.Mbps(a.CapacityBps!.Value)} "
                + $"(threshold {a.Threshold:P0}; {KafkaNicText.Traffic(a)})",
                KafkaLabels.Broker(a.BrokerId));
        }
    }
}
