using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Kafka;

/// <summary>The runbook of every Kafka alert; <c>docs/runbooks.md</c> has the long form under the same anchors.</summary>
internal static class KafkaRunbooks
{
    public static IReadOnlyList<Runbook> All { get; } =
    [
        new Runbook("KafkaBrokerDown",
        [
            "Check the broker's process and host; it is missing from cluster metadata.",
            "Until it is back, its partitions run on fewer replicas: watch KafkaUnderReplicatedPartitions and the survivors' NICs (KafkaNoBrokerLossHeadroom).",
        ]),
        new Runbook("KafkaBrokerUnreachable",
        [
            "The broker is in metadata but its advertised endpoint refuses or times out from the monitor: check listeners, firewall, and the host.",
        ]),
        new Runbook("KafkaBrokerUnresolvable",
        [
            "The broker advertises a host name that does not resolve: clients will stall on it. Fix advertised.listeners (or DNS) and restart that broker only.",
        ]),
        new Runbook("KafkaClusterUnreachable",
        [
            "No bootstrap server answers: check the brokers, then the network between the monitor and the cluster.",
        ]),
        new Runbook("KafkaConsumerLagging",
        [
            "The group is behind by the stated time: check the consumers' throughput and their sink (the incident names it if one is configured).",
        ]),
        new Runbook("KafkaConsumerStalled",
        [
            "Lag grows and commits do not advance: the consumers are stuck or dead. Check the consumer processes and their sink (a frozen database stalls its writers).",
            "If the incident's root cause is upstream (ZooKeeper, MySQL), fix that first: the group follows.",
        ]),
        new Runbook("KafkaNicSaturated",
        [
            "The broker's NIC is at its threshold: move partition leadership or consumers off it, or add capacity now; CPU and disk may look fine.",
        ]),
        new Runbook("KafkaNicSaturationForecast",
        [
            "At the current trend the NIC reaches its threshold within the horizon: plan capacity (more brokers, bigger NICs, fewer parallel consumers).",
        ]),
        new Runbook("KafkaNoBrokerLossHeadroom",
        [
            "If the named broker failed, its consumers would move to the others and push one past its NIC limit: a cascade. Add brokers or capacity before any maintenance.",
            "Do not take a broker down for maintenance until headroom is back.",
        ]),
        new Runbook("KafkaPartitionsOffline",
        [
            "Partitions have no live leader: producers and consumers of them are stopped. Bring back the broker(s) that led them; check unclean-leader settings before forcing anything.",
        ]),
        new Runbook("KafkaProbeFailed",
        [
            "The monitor could not read this cluster part (an API or source failed): the summary says which; the rest of the cluster is still probed.",
        ]),
        new Runbook("KafkaUnderReplicatedPartitions",
        [
            "Fewer live in-sync replicas than replicas: one more broker loss may take partitions offline. Find the lagging or missing broker.",
        ]),
    ];
}
