using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>
/// Warning when part of the cluster cannot be watched: consumer offsets unreadable, a NIC source failing, or a NIC
/// without known capacity. A check that silently stops is worse than a noisy one.
/// </summary>
public sealed class KafkaProbeFailedRule : Rule<KafkaClusterObservation>
{
    public const string AlertName = "KafkaProbeFailed";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(KafkaClusterObservation k)
    {
        if (!k.Reachable)
        {
            yield break;
        }

        if (k.Lag?.Error is { } lagError)
        {
            yield return new AlertCandidate(AlertName, Severity.Warning, k.Cluster,
                $"Kafka cluster {k.Cluster.Name}: consumer lag unknown: {lagError}", new Dictionary<string, string> { ["unit"] = "lag" });
        }

        foreach (var n in k.Nics)
        {
            var problem = n.Error ?? (n.Assessment is { CapacityBps: null } ? "capacity unknown: set network.capacityMbps (node_network_speed_bytes is absent or not positive)" : null);
            if (problem is not null)
            {
                yield return new AlertCandidate(AlertName, Severity.Warning, k.Cluster,
                    $"Kafka broker {n.BrokerId} of {k.Cluster.Name}: NIC not assessed ({n.Source}): {problem}",
                    new Dictionary<string, string> { ["unit"] = n.UnitId });
            }
        }
    }
}
