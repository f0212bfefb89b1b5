using QuorumMonitor.Core.Probing;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Rules.Restarts;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>A broker went down or restarted without a permit while another broker was under one.</summary>
public sealed class KafkaRestartWithoutPermitRule : RestartWithoutPermitRuleBase<KafkaClusterObservation>
{
    public const string AlertName = UnplannedRestarts.WithoutPermitAlert;

    /// <summary>The broker is down too; what matters is that it went down unplanned while a restart was under way.</summary>
    public override IReadOnlyCollection<string> Explains { get; } = [KafkaBrokerDownRule.AlertName, KafkaUnderReplicatedPartitionsRule.AlertName];

    protected override string Summary(KafkaClusterObservation k, MemberChange c) =>
        $"Kafka {c.Member} of {k.Cluster.Name} {(c.Restart ? "restarted" : "went down")} at {c.At:HH:mm:ss}Z without a permit "
        + $"while another broker is under one ({c.DuringPermit}); {k.OfflinePartitions.Count} partition(s) offline now";
}
