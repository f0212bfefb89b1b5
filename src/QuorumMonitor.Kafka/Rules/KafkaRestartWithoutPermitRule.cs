using QuorumMonitor.Core.Model;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Rules.Restarts;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>
/// Warning per broker that went down or restarted without a permit while another broker was under one: something
/// restarts brokers behind the permits' back (one broker at a time no longer holds). Raised for
/// <c>correlation.commonCauseWindow</c> after the change.
/// </summary>
public sealed class KafkaRestartWithoutPermitRule : Rule<KafkaClusterObservation>, IRule
{
    public const string AlertName = UnplannedRestarts.WithoutPermitAlert;

    public override string Name => AlertName;

    /// <summary>The broker is down too; what matters is that it went down unplanned while a restart was under way.</summary>
    public IReadOnlyCollection<string> Explains { get; } = [KafkaBrokerDownRule.AlertName, KafkaUnderReplicatedPartitionsRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        foreach (var c in UnplannedRestarts.DuringOthersPermits(k.UnplannedChanges))
        {
            yield return new AlertCandidate(AlertName, Severity.Warning, k.Cluster,
                $"Kafka {c.Member} of {k.Cluster.Name} {(c.Restart ? "restarted" : "went down")} at {c.At:HH:mm:ss}Z without a permit "
                + $"while another broker is under one ({c.DuringPermit}); {k.OfflinePartitions.Count} partition(s) offline now",
                new Dictionary<string, string> { ["member"] = c.Member });
        }
    }
}
