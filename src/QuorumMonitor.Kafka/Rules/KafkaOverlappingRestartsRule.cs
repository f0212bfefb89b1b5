using System.Globalization;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Rules.Restarts;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>
/// Warning: two or more brokers went down or restarted without permits within <c>correlation.commonCauseWindow</c>
/// while no partition went offline: the near miss before a cascade. Offline partitions are the page's story instead.
/// </summary>
public sealed class KafkaOverlappingRestartsRule : Rule<KafkaClusterObservation>, IRule
{
    public const string AlertName = UnplannedRestarts.OverlappingAlert;

    public override string Name => AlertName;

    /// <summary>The brokers down are part of the overlap; the overlap is what to act on (find the tool that did it).</summary>
    public IReadOnlyCollection<string> Explains { get; } =
        [KafkaBrokerDownRule.AlertName, KafkaUnderReplicatedPartitionsRule.AlertName, KafkaRestartWithoutPermitRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        if (!k.Reachable || k.OfflinePartitions.Count > 0 || UnplannedRestarts.Overlap(k.UnplannedChanges) is not { } o)
        {
            yield break;
        }

        yield return new AlertCandidate(AlertName, Severity.Warning, k.Cluster,
            string.Create(CultureInfo.InvariantCulture,
                $"{o.Members.Count} brokers of Kafka cluster {k.Cluster.Name} {o.What} without permits within {o.SpanSeconds:0.#} s ({string.Join(", ", o.Members)}); "
                + $"no partition offline. Serialise restarts with `monitor permit acquire`."));
    }
}
