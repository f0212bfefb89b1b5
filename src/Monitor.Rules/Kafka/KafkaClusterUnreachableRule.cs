using Monitor.Core.Kafka;
using Monitor.Core.Model;
using Monitor.Rules.Engine;

namespace Monitor.Rules.Kafka;

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
            $"Kafka cluster {k.Cluster.Name} is unreachable: {k.Metadata.Error}{expected}");
    }
}
