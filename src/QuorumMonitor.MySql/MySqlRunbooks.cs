using QuorumMonitor.Core.Model;

namespace QuorumMonitor.MySql;

/// <summary>The runbook of every MySQL alert; <c>docs/runbooks.md</c> has the long form under the same anchors.</summary>
internal static class MySqlRunbooks
{
    public static IReadOnlyList<Runbook> All { get; } =
    [
        new Runbook("MySqlAuthFailed",
        [
            "The monitor cannot log in: it is blind to this server. Check the monitor user's password (passwordEnv / passwordFile) and grants.",
        ]),
        new Runbook("MySqlDown",
        [
            "Connection refused: the server is not running. Start it; if it is the primary, decide on failover using MySqlNoHealthyStandby.",
            "On the primary, \"confirmed by N replica(s)\" means their IO threads cannot reach it either; while they still replicate from it, the monitor raises MonitorCannotReach instead.",
        ]),
        new Runbook("MySqlHung",
        [
            "The server accepts TCP but does not answer (frozen, or a query cannot finish): check the host, `SHOW PROCESSLIST` from a local session, locks.",
            "A frozen server may need kill -9; fail over only to a standby that is running and within the lag threshold.",
        ]),
        new Runbook("MySqlNoHealthyStandby",
        [
            "No replica could be promoted now (stopped, broken, or too far behind): fix replication before anything risks the primary.",
        ]),
        new Runbook("MySqlPrimaryReadOnly",
        [
            "The primary is read-only: writers fail. Check whether a failover tool set it, then clear read_only only if this server should be primary.",
        ]),
        new Runbook("MySqlProbeError",
        [
            "The probe failed for a reason it could not classify: the summary has the error.",
        ]),
        new Runbook("MySqlReplicationBroken",
        [
            "A replica's IO or SQL thread stopped: see Last_IO_Error / Last_SQL_Error in the summary, fix, then START SLAVE.",
        ]),
        new Runbook("MySqlReplicationLag",
        [
            "The replica is behind by more than the threshold: check its SQL thread load and long transactions on the primary.",
        ]),
        new Runbook("MySqlTooManyConnections",
        [
            "The server refuses new connections (max_connections): find the client flooding it; the monitor cannot see inside until a slot frees.",
        ]),
    ];
}
