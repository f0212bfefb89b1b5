using System.Globalization;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Kafka.Permits;

/// <summary>
/// Kafka's permit arithmetic, per broker (member <c>broker-N</c>, or <c>N</c>, or a live broker's advertised
/// <c>host:port</c>): granted only while every expected broker is live and under no other permit, no partition is
/// offline or under-replicated, and no partition has this broker as one of only <c>minInsyncReplicas</c> live in-sync
/// replicas (the cluster's setting, 1 when not configured: the brokers' own <c>min.insync.replicas</c> is not read),
/// plus <c>permits.minFaultToleranceAfter</c>.
/// The broker is back when metadata lists it again and none of its partitions is under-replicated.
/// </summary>
public sealed class KafkaPermitJudge : IPermitJudge
{
    public string Kind => KafkaKind.KindName;

    public string? FindMember(ClusterObservation observation, string member)
    {
        if (observation is not KafkaClusterObservation k)
        {
            return null;
        }

        var text = member.StartsWith("broker-", StringComparison.OrdinalIgnoreCase) ? member["broker-".Length..] : member;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return k.ExpectedBrokerIds.Contains(id) ? Name(id) : null;
        }

        return k.LiveBrokers.Concat(k.Metadata.KnownBrokers).FirstOrDefault(b => string.Equals(b.Address, member, StringComparison.OrdinalIgnoreCase)) is { } broker
            ? Name(broker.Id)
            : null;
    }

    public PermitVerdict Judge(ClusterObservation observation, string member, IReadOnlyList<Permit> held, int minFaultToleranceAfter)
    {
        if (observation is not KafkaClusterObservation k || !k.Reachable)
        {
            return PermitVerdict.Refuse($"{observation.Cluster.Name}: no broker answered the monitor's metadata request", "retry once the monitor reaches the cluster");
        }

        var name = k.Cluster.Name;
        var id = IdOf(member);
        var blockers = k.DownBrokerIds.Where(b => b != id).Select(b => $"broker {b} is down").ToList();
        blockers.AddRange(held.Where(p => p.Member != member).Select(p => $"{p.Member} is under {p}"));
        if (k.OfflinePartitions.Count > 0)
        {
            blockers.Add($"{k.OfflinePartitions.Count} partition(s) offline ({KafkaClusterObservation.PartitionList(k.OfflinePartitions, k.OfflinePartitions.Count)})");
        }

        if (k.UnderReplicatedPartitions.Count > 0)
        {
            blockers.Add($"{k.UnderReplicatedPartitions.Count} partition(s) under-replicated ({KafkaClusterObservation.PartitionList(k.UnderReplicatedPartitions, k.UnderReplicatedPartitions.Count)})");
        }

        if (blockers.Count > 0)
        {
            return PermitVerdict.Refuse($"{name} cannot lose {member} now: {string.Join("; ", blockers)}",
                "wait until every broker is back and every partition is in sync again (acquire --wait retries)");
        }

        var live = k.LiveBrokers.Select(b => b.Id).ToHashSet();
        var minIsr = k.Settings.MinInsyncReplicas;
        var alone = (k.Metadata.Metadata?.Partitions ?? [])
            .Where(p => p.InSyncReplicas.Contains(id) && p.InSyncReplicas.Count(live.Contains) <= minIsr + minFaultToleranceAfter)
            .ToList();
        if (alone.Count > 0)
        {
            var left = alone.Min(p => p.InSyncReplicas.Count(live.Contains)) - 1;
            var why = minIsr > 1
                ? $"only {left} in-sync replica(s) left, fewer than minInsyncReplicas {minIsr}{(minFaultToleranceAfter == 0 ? "" : $" + permits.minFaultToleranceAfter {minFaultToleranceAfter}")} (acks=all producers would fail)"
                : minFaultToleranceAfter == 0 ? "no in-sync replicas left" : "too few in-sync replicas left";
            return PermitVerdict.Refuse(
                $"with {member} down {name} would have {alone.Count} partition(s) with {why} ({KafkaClusterObservation.PartitionList(alone, alone.Count)})",
                "raise those topics' replication factor before restarting brokers one at a time");
        }

        return PermitVerdict.Allow;
    }

    public MemberRecovery Recovery(ClusterObservation observation, string member)
    {
        if (observation is not KafkaClusterObservation k || !k.Reachable)
        {
            return MemberRecovery.Unknown;
        }

        var id = IdOf(member);
        if (!k.LiveBrokers.Any(b => b.Id == id))
        {
            return MemberRecovery.Down;
        }

        return k.UnderReplicatedPartitions.Any(p => p.Replicas.Contains(id)) ? MemberRecovery.Down : MemberRecovery.Back;
    }

    private static string Name(int id) => KafkaClusterObservation.BrokerMember(id);

    private static int IdOf(string member) => int.Parse(member["broker-".Length..], CultureInfo.InvariantCulture);
}
