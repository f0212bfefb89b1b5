using System.Globalization;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Reporting;
using QuorumMonitor.Galera.Config;
using QuorumMonitor.Galera.Rules;

namespace QuorumMonitor.Galera.Reporting;

/// <summary>Each configured Galera cluster as <c>monitor config check</c> prints it (the password named by its source).</summary>
internal static class GaleraConfigSummary
{
    public static IEnumerable<ClusterSummary> For(MonitorConfig config) => config.Galera.Select(Of);

    private static ClusterSummary Of(GaleraClusterConfig galera)
    {
        var firesAt = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [GaleraFlowControlRule.AlertName] = Invariant($"a node paused by flow control more than {galera.FlowControlPausedThreshold:0.##} of the time (flowControlPausedThreshold)"),
        };
        var facts = Invariant($"{galera.Nodes.Count} node(s): {string.Join(", ", galera.Nodes.Select(n => n.Name))}; user {galera.User}, password {galera.Password}");
        return new ClusterSummary(galera.Name, facts, GaleraRules.All().Select(r => new RuleSummary(r.Name, firesAt.GetValueOrDefault(r.Name))).ToList());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
