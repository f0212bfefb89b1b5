namespace Monitor.Core.Model;

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
        new("MonitorRuleFailed",
        [
            "A rule threw on unexpected input: the monitor kept running; report the summary and the probe output as a bug.",
        ]),
    }.ToDictionary(r => r.Alert, StringComparer.Ordinal);

    public static Runbook For(string alert) =>
        ByAlert.TryGetValue(alert, out var runbook)
            ? runbook
            : new Runbook(alert, ["No runbook for this alert yet: start from the summary and the cluster's member states in `monitor status`."]);
}
