namespace QuorumMonitor.Core.Model;

/// <summary>
/// The runbooks of the kernel's own alerts (the monitor's, delivery's); each kind brings its own, and
/// <see cref="RunbookCatalog"/> joins them. <c>docs/runbooks.md</c> has the long form under the same anchors.
/// </summary>
public static class Runbooks
{
    private static readonly IReadOnlyDictionary<string, Runbook> ByAlert = new Runbook[]
    {
        new("MonitorRuleFailed",
        [
            "A rule threw on unexpected input: the monitor kept running; report the summary and the probe output as a bug.",
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
        new("MonitorCannotReach",
        [
            "The member (or primary, or broker) serves: its own cluster still counts it in (the summary says who); only the path from the monitor to it is broken. Do not restart it.",
            "Check that path from the monitor host: `nc -vz host port`, firewall rules, routes, DNS, a proxy or forwarder in front of it.",
            "While it fires the monitor sees this member only through the others: a second failure elsewhere is judged on their word alone.",
        ]),
        new("RestartWithoutPermit",
        [
            "Another member (ZooKeeper member, Kafka broker, MySQL instance) is under a restart permit: this one went down or restarted without asking; find the tool or person (host logs, config-management runs).",
            "Do not restart anything else until `monitor permit list` shows no permit held and `monitor status` shows every member serving.",
            "Make that tool ask first: `monitor permit acquire --wait 30m ... && systemctl restart <service>`.",
        ]),
        new("OverlappingRestarts",
        [
            "Two or more members restarted without permits within the common-cause window; the cluster held this time, the next overlap may not.",
            "Find what restarted them together (config push, package upgrade, orchestrator) and serialise it with `monitor permit acquire`.",
        ]),
        new("Watchdog",
        [
            "Always firing by design: route it to an external dead man's switch that pages when it stops arriving.",
        ]),
    }.ToDictionary(r => r.Alert, StringComparer.Ordinal);

    public static IEnumerable<Runbook> All => ByAlert.Values;

    /// <summary>What to show for an alert no runbook covers.</summary>
    public static Runbook Missing(string alert) =>
        new(alert, ["No runbook for this alert yet: start from the summary and the cluster's member states in `monitor status`."]);
}
