using QuorumMonitor.Core.Model;

namespace QuorumMonitor.ZooKeeper;

/// <summary>The runbook of every ZooKeeper alert; <c>docs/runbooks.md</c> has the long form under the same anchors.</summary>
internal static class ZooKeeperRunbooks
{
    public static IReadOnlyList<Runbook> All { get; } =
    [
        new Runbook("ZooKeeperQuorumLost",
        [
            "Do not restart the surviving members: they are healthy and waiting for peers.",
            "Start the members reported down (refused) first; a member that times out is frozen or overloaded: check its GC log and host.",
            "Watch `monitor status`: quorum returns when floor(voters/2)+1 members serve; then check dependent Kafka clusters.",
        ]),
        new Runbook("ZooKeeperNoFaultTolerance",
        [
            "Freeze changes: no restarts, no config pushes, no rolling upgrades until every member serves again.",
            "Bring the named member(s) back; check whether two restarts overlapped (incident notes say so).",
        ]),
        new Runbook("ZooKeeperMemberDown",
        [
            "refused: the process is not running: start it and read its last log lines.",
            "timeout: accepted TCP but no answer: frozen (SIGSTOP, swap, long GC) or overloaded; check `jstack` and the host.",
            "not-serving with quorum elsewhere: the member cannot reach the leader: check the peer and election ports.",
            "Raised only once the ensemble agrees: while the leader still counts the member synced it is MonitorCannotReach instead (the monitor's path is broken, not the member).",
        ]),
        new Runbook("ZooKeeperLeaderConflict",
        [
            "Compare `srvr` on every member: a member on an old epoch has not rejoined; restart only that member, one at a time.",
        ]),
        new Runbook("ZooKeeperMemberChecksFailing",
        [
            "The member serves (srvr) and still counts towards quorum; only the named extra check failed.",
            "AdminServer / mntr no answer or larger than the cap: check the AdminServer port (admin.serverPort) and what listens there.",
            "client session failed: check maxClientCnxns and the member's log; clients may be turned away too.",
        ]),
    ];
}
