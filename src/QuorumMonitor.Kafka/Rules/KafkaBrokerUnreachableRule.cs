using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>
/// Warning per live broker whose advertised endpoint resolves but does not accept TCP from the monitor. Not for a
/// broker under a restart permit: it stops listening before metadata drops it, and listens again after it is back.
/// </summary>
public sealed class KafkaBrokerUnreachableRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaBrokerUnreachable";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        // With the whole cluster unreachable the page says it all; endpoints from the last metadata only repeat it.
        if (!k.Reachable)
        {
            yield break;
        }

        foreach (var c in k.EndpointProblems.Where(c => c.State != KafkaEndpointState.Unresolvable && k.PlannedForBroker(c.Broker.Id) is null))
        {
            yield return new AlertCandidate(AlertName, Severity.Warning, k.Cluster,
                $"Kafka broker {c.Broker.Id} of {k.Cluster.Name} is in metadata but its advertised endpoint {c.Broker.Address} is "
                + $"{Names.Kebab(c.State)}: {c.Error}",
                KafkaLabels.Broker(c.Broker.Id));
        }
    }
}
