using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>Page: no broker answers a metadata request; nothing can produce or consume.</summary>
public sealed class KafkaClusterUnreachableRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaClusterUnreachable";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        if (k.Reachable)
        {
            yield break;
        }

        var expected = k.ExpectedBrokerIds.Count == 0 ? "" : $"; expected brokers {string.Join(", ", k.ExpectedBrokerIds)}";
        yield return new AlertCandidate(AlertName, Severity.Page, k.Cluster,
            $"Kafka cluster {k.Cluster.Name} is unreachable: {k.Metadata.Error}{expected}{k.PlannedText}");
    }
}
