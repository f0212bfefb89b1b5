using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>Warning per broker whose NIC traffic trend reaches threshold × capacity within the horizon (default 7 days).</summary>
public sealed class KafkaNicSaturationForecastRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaNicSaturationForecast";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        foreach (var a in k.Assessments.Where(a => a.SecondsToLimit is { } s && s <= k.Settings.NicHorizon.TotalSeconds && !a.Saturated))
        {
            yield return new AlertCandidate(AlertName, Severity.Warning, k.Cluster,
                $"Kafka broker {a.BrokerId} of {k.Cluster.Name}: NIC traffic reaches {a.Threshold:P0} of {KafkaNicText.Mbps(a.CapacityBps!.Value)} "
                + $"in about {KafkaNicText.Duration(a.SecondsToLimit!.Value)} at the current trend ({KafkaNicText.Traffic(a)}, utilization {a.Utilization:P0})",
                KafkaLabels.Broker(a.BrokerId));
        }
    }
}
