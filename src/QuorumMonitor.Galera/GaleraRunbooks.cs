using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Rules;

namespace QuorumMonitor.Galera;

/// <summary>The runbook of every Galera alert, in the shape of <see cref="Runbooks"/>; docs/runbooks.md has the long form.</summary>
public static class GaleraRunbooks
{
    public static IReadOnlyList<Runbook> All { get; } =
    [
        new(GaleraQuorumLostRule.AlertName,
        [
            "Do not restart the surviving nodes: they keep their data and rejoin a Primary component on their own when peers return.",
            "Start the nodes reported down first; a node that times out is frozen or overloaded: check its host before killing it.",
            "If no Primary component can form (every other node is gone for good), bootstrap ONE node: the one with the highest seqno (`SET GLOBAL wsrep_provider_options='pc.bootstrap=YES'`), never two.",
        ]),
        new(GaleraSplitBrainRule.AlertName,
        [
            "Stop the application's writes to every side but one now: each side commits transactions the other will never see.",
            "Find how the second Primary came to be (a second --wsrep-new-cluster, pc.bootstrap, pc.ignore_quorum); shut that side down and rejoin it with SST.",
        ]),
        new(GaleraNoFaultToleranceRule.AlertName,
        [
            "Freeze changes: no restarts, no desync, no backups that desync a node, no rolling upgrades until every node is Synced again.",
            "Bring the named node(s) back; a Donor/Desynced node returns by itself when its SST or `wsrep_desync` ends.",
        ]),
        new(GaleraNodeDownRule.AlertName,
        [
            "refused: mariadbd is not running: start it and read its error log; it rejoins by IST (or SST) on its own.",
            "handshake-timeout: TCP accepted, no answer: frozen (SIGSTOP, swap) or overloaded; the cluster evicts it after evs.inactive_timeout.",
            "auth-failed: the monitor user or its password changed on that node.",
        ]),
        new(GaleraNodeNotSyncedRule.AlertName,
        [
            "Donor/Desynced: the node serves an SST or has `wsrep_desync=ON` (a backup?): check `SHOW PROCESSLIST` and `SELECT @@wsrep_desync`; it is not a voter to count on until Synced.",
            "Joining / Joined: it is receiving state; watch wsrep_local_recv_queue fall. non-Primary: it is cut off from the Primary component: check gmcast ports (4567) between nodes.",
        ]),
        new(GaleraFlowControlRule.AlertName,
        [
            "A slow applier on the named node pauses writes on every node: check its disk, wsrep_slave_threads and long transactions.",
            "If the node cannot keep up, take it out of the load balancer rather than raising gcs.fc_limit blindly.",
        ]),
    ];

    public static Runbook? For(string alert) => All.FirstOrDefault(r => r.Alert == alert);
}
