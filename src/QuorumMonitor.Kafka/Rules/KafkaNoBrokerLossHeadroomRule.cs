using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>
/// Page: losing one broker would push a survivor past its NIC limit, and that one would fail too (the 2015 Parse.ly
/// cascade). Names the broker whose loss is worst and the survivor that would break, before any broker is saturated;
/// judged over live brokers only, and says when the cluster is already missing one.
/// </summary>
public sealed class KafkaNoBrokerLossHeadroomRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaNoBrokerLossHeadroom";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        var cascading = k.LossImpacts.Where(i => i.Cascades).OrderBy(i => i.HeadroomRatio).ToList();
        if (cascading.Count == 0)
        {
            yield break;
        }

        var worst = cascading[0];
        // A broker down under a permit is named as the planned restart it is, not as a failure.
        var degraded = k.DownBrokerIds.Count == 0 ? ""
            : $" (already degraded: broker{(k.DownBrokerIds.Count == 1 ? "" : "s")} {string.Join(", ", k.DownBrokerIds.Select(id => k.PlannedForBroker(id) is { } p ? $"{id} ({p.Text})" : $"{id}"))} down; judged on live brokers "
              + $"{string.Join(", ", k.LossImpacts.Select(i => i.FailedBroker).Order())})";
        var fanOut = k.Assessments.Sum(a => a.ReceiveBps) is > 0 and var rx ? $"; cluster fan-out {k.Assessments.Sum(a => a.TransmitBps) / rx:0.#}x" : "";
        yield return new AlertCandidate(AlertName, Severity.Page, k.Cluster,
            $"Kafka cluster {k.Cluster.Name} has no headroom to lose a broker{degraded}: if broker {worst.FailedBroker} fails, its egress moves to the others "
            + $"and broker {worst.WorstSurvivor} would carry {KafkaNicText.Mbps(worst.PredictedSurvivorBps)} against a limit of "
            + $"{KafkaNicText.Mbps(worst.SurvivorLimitBps)}, then fail in cascade; losing any of brokers "
            + $"{string.Join(", ", cascading.Select(i => i.FailedBroker).Order())} would cascade{fanOut}");
    }
}
