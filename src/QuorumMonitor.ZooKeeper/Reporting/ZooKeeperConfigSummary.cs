using System.Globalization;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.ZooKeeper.Config;
using QuorumMonitor.ZooKeeper.Rules;

namespace QuorumMonitor.ZooKeeper.Reporting;

/// <summary>Each configured ensemble as <c>monitor config check</c> prints it.</summary>
internal static class ZooKeeperConfigSummary
{
    public static IEnumerable<ClusterSummary> For(MonitorConfig config) => config.ZooKeeper.Select(Of);

    private static ClusterSummary Of(ZooKeeperClusterConfig zk)
    {
        var voters = zk.Servers.Count - zk.Observers.Count;
        var quorum = (voters / 2) + 1;
        var firesAt = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // The servers' own count of voters wins at run time; this is the count the config implies.
            [ZooKeeperQuorumLostRule.AlertName] = Invariant($"fewer than {quorum} of {voters} voters serving (quorum)"),
            [ZooKeeperNoFaultToleranceRule.AlertName] = voters < 2
                ? "never: a single voter is standalone"
                : Invariant($"exactly {quorum} of {voters} voters serving (the next failure loses quorum)"),
        };
        var facts = Invariant($"{zk.Servers.Count} member(s), {zk.Observers.Count} declared observer(s)") + (zk.SessionCheck ? ", session check on" : ", session check off");
        return new ClusterSummary(zk.Name, facts, ZooKeeperRules.All().Select(r => new RuleSummary(r.Name, firesAt.GetValueOrDefault(r.Name))).ToList());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
