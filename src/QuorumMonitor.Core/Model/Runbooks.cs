namespace QuorumMonitor.Core.Model;

/// <summary>The runbook of every built-in alert; <c>docs/runbooks.md</c> has the long form under the same anchors.</summary>
public static class Runbooks
{
    private static readonly IReadOnlyDictionary<string, Runbook> ByAlert = new Runbook[]
    {
        new("ZooKeeperQuorumLost",
        [
            "Do not restart the surviving members: they are healthy and waiting for peers.",
            "Start the members reported down (refused) first; a member that times out is frozen or overloaded: check its GC log and host.",
            "Watch `monitor status`: quorum returns when floor(voters/2)+1 members serve; then check dependent Kafka clusters.",
        ]),
        new("ZooKeeperNoFaultTolerance",
        [
            "Freeze changes: no restarts, no config pushes, no rolling upgrades until every member serves again.",
            "Bring the named member(s) back; check whether two restarts overlapped (incident notes say so).",
        ]),
        new("ZooKeeperMemberDown",
        [
            "refused: the process is not running: start it and read its last log lines.",
            "timeout: accepted TCP but no answer: frozen (SIGSTOP, swap, long GC) or overloaded; check `jstack` and the host.",
            "not-serving with quorum elsewhere: the member cannot reach the leader: check the peer and election ports.",
        ]),
        new("ZooKeeperLeaderConflict",
        [
            "Compare `srvr` on every member: a member on an old epoch has not rejoined; restart only that member, one at a time.",
        ]),
        new("ZooKeeperMemberChecksFailing",
        [
            "The member serves (srvr) and still counts towards quorum; only the named extra check failed.",
            "AdminServer / mntr no answer or larger than the cap: check the AdminServer port (admin.serverPort) and what listens there.",
            "client session failed: check maxClientCnxns and the member's log; clients may be turned away too.",
        ]),
        new("MonitorRuleFailed",
        [
            "A rule threw on unexpected input: the monitor kept running; report the summary and the probe output as a bug.",
        ]),
        new("KafkaBrokerDown",
        [
            "Check the broker's process and host; it is missing from cluster metadata.",
            "Until it is back, its partitions run on fewer replicas: watch KafkaUnderReplicatedPartitions and the survivors' NICs (KafkaNoBrokerLossHeadroom).",
        ]),
        new("KafkaBrokerUnreachable",
        [
            "The broker is in metadata but its advertised endpoint refuses or times out from the monitor: check listeners, firewall, and the host.",
        ]),
        new("KafkaBrokerUnresolvable",
        [
            "The broker advertises a host name that does not resolve: clients will stall on it. Fix advertised.listeners (or DNS) and restart that broker only.",
        ]),
        new("KafkaClusterUnreachable",
        [
            "No bootstrap server answers: check the brokers, then the network between the monitor and the cluster.",
        ]),
        new("KafkaConsumerLagging",
        [
            "The group is behind by the stated time: check the consumers' throughput and their sink (the incident names it if one is configured).",
        ]),
        new("KafkaConsumerStalled",
        [
            "Lag grows and commits do not advance: the consumers are stuck or dead. Check the consumer processes and their sink (a frozen database stalls its writers).",
            "If the incident's root cause is upstream (ZooKeeper, MySQL), fix that first: the group follows.",
        ]),
        new("KafkaNicSaturated",
        [
            "The broker's NIC is at its threshold: move partition leadership or consumers off it, or add capacity now; CPU and disk may look fine.",
        ]),
        new("KafkaNicSaturationForecast",
        [
            "At the current trend the NIC reaches its threshold within the horizon: plan capacity (more brokers, bigger NICs, fewer parallel consumers).",
        ]),
        new("KafkaNoBrokerLossHeadroom",
        [
            "If the named broker failed, its consumers would move to the others and push one past its NIC limit: a cascade. Add brokers or capacity before any maintenance.",
            "Do not take a broker down for maintenance until headroom is back.",
        ]),
        new("KafkaPartitionsOffline",
        [
            "Partitions have no live leader: producers and consumers of them are stopped. Bring back the broker(s) that led them; check unclean-leader settings before forcing anything.",
        ]),
        new("KafkaProbeFailed",
        [
            "The monitor could not read this cluster part (an API or source failed): the summary says which; the rest of the cluster is still probed.",
        ]),
        new("KafkaUnderReplicatedPartitions",
        [
            "Fewer live in-sync replicas than replicas: one more broker loss may take partitions offline. Find the lagging or missing broker.",
        ]),
        new("MySqlAuthFailed",
        [
            "The monitor cannot log in: it is blind to this server. Check the monitor user's password (passwordEnv / passwordFile) and grants.",
        ]),
        new("MySqlDown",
        [
            "Connection refused: the server is not running. Start it; if it is the primary, decide on failover using MySqlNoHealthyStandby.",
        ]),
        new("MySqlHung",
        [
            "The server accepts TCP but does not answer (frozen, or a query cannot finish): check the host, `SHOW PROCESSLIST` from a local session, locks.",
            "A frozen server may need kill -9; fail over only to a standby that is running and within the lag threshold.",
        ]),
        new("MySqlNoHealthyStandby",
        [
            "No replica could be promoted now (stopped, broken, or too far behind): fix replication before anything risks the primary.",
        ]),
        new("MySqlPrimaryReadOnly",
        [
            "The primary is read-only: writers fail. Check whether a failover tool set it, then clear read_only only if this server should be primary.",
        ]),
        new("MySqlProbeError",
        [
            "The probe failed for a reason it could not classify: the summary has the error.",
        ]),
        new("MySqlReplicationBroken",
        [
            "A replica's IO or SQL thread stopped: see Last_IO_Error / Last_SQL_Error in the summary, fix, then START SLAVE.",
        ]),
        new("MySqlReplicationLag",
        [
            "The replica is behind by more than the threshold: check its SQL thread load and long transactions on the primary.",
        ]),
        new("MySqlTooManyConnections",
        [
            "The server refuses new connections (max_connections): find the client flooding it; the monitor cannot see inside until a slot frees.",
        ]),
        new("AlertDeliveryFailing",
        [
            "Pages may not be reaching anyone through the named channel (refused, rejected, or backlog): check the channel's account, key and credit; the summary has the HTTP status.",
            "Until fixed, watch the status page and the fallback channel.",
        ]),
        new("MonitorOverloaded",
        [
            "The monitor cannot keep its own probe schedule (late starts, dispatcher backlog): its timeouts are suspect, so the clusters' new pages are held. Check the monitor host's CPU (top, steal time), memory and what else runs there.",
            "Shed load: split the clusters over more monitors, a longer monitor.interval, or a bigger box; the self-check's figures are on the status page under monitor/quorum-monitor.",
            "While it fires, check the clusters from another vantage point (monitor check from another host); held incidents page once the monitor has been punctual long enough to re-confirm them.",
        ]),
        new("Watchdog",
        [
            "Always firing by design: route it to an external dead man's switch that pages when it stops arriving.",
        ]),
    }.ToDictionary(r => r.Alert, StringComparer.Ordinal);

    public static IEnumerable<Runbook> All => ByAlert.Values;

    public static Runbook For(string alert) =>
        ByAlert.TryGetValue(alert, out var runbook)
            ? runbook
            : new Runbook(alert, ["No runbook for this alert yet: start from the summary and the cluster's member states in `monitor status`."]);
}
