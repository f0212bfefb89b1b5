using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>
/// Page per broker whose advertised host does not resolve from the monitor: clients bootstrap fine, then fail to reach
/// the partitions that broker leads, although metadata calls it live.
/// </summary>
public sealed class KafkaBrokerUnresolvableRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaBrokerUnresolvable";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        foreach (var c in k.EndpointProblems.Where(c => c.State == KafkaEndpointState.Unresolvable))
        {
            yield return new AlertCandidate(AlertName, Severity.Page, k.Cluster,
                $"Kafka broker {c.Broker.Id} of {k.Cluster.Name} advertises host '{c.Broker.Host}' (port {c.Broker.Port}), which does not resolve; "
                + "clients cannot reach the partitions it leads",
                KafkaLabels.Broker(c.Broker.Id));
        }
    }
}
