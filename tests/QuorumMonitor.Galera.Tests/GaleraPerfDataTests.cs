using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Rules;
using static QuorumMonitor.Galera.Tests.Nodes;

namespace QuorumMonitor.Galera.Tests;

/// <summary>
/// The Nagios performance data the Galera kind writes for <c>monitor check --format nagios</c>: its warning and
/// critical lines sit exactly where GaleraNoFaultTolerance warns and GaleraQuorumLost pages.
/// </summary>
public class GaleraPerfDataTests
{
    public static TheoryData<int> Lost => new() { 0, 1, 2 };

    [Theory]
    [MemberData(nameof(Lost))]
    public void Fault_tolerance_and_safe_voter_weight_cross_their_lines_where_the_rules_fire(int down)
    {
        // As a real cluster does: a survivor of two failures out of three leaves the Primary component.
        var nodes = Enumerable.Range(1, 3).Select(i => i <= down ? Down(i) : down >= 2 ? NonPrimary(i) : Synced(i)).ToArray();
        var cluster = Cluster(nodes);
        var alerts = GaleraRules.All().SelectMany(r => r.Evaluate(cluster)).Select(a => a.Name).ToHashSet();

        var data = new GaleraKind().PerfData(cluster.ToReport(), new MonitorConfig()).ToDictionary(d => d.Label);

        var tolerance = data["shop_fault_tolerance"];
        Assert.Equal(cluster.FaultToleranceLeft, tolerance.Value);
        Assert.Equal(("1:", 1d), (tolerance.Warn, tolerance.Max)); // 3 nodes of weight 1: quorum 2, one failure to spare
        Assert.Equal(alerts.Contains(GaleraNoFaultToleranceRule.AlertName) || alerts.Contains(GaleraQuorumLostRule.AlertName), tolerance.Value < 1);

        var weight = data["shop_safe_voter_weight"];
        Assert.Equal(cluster.SafeVoterWeight, weight.Value);
        Assert.Equal(("2:", 3d), (weight.Crit, weight.Max));
        Assert.Equal(alerts.Contains(GaleraQuorumLostRule.AlertName), weight.Value < 2);
        Assert.Equal($"shop_safe_voter_weight={cluster.SafeVoterWeight};;2:;0;3", weight.ToString());
    }

    [Fact]
    public void A_report_without_the_weights_writes_no_data()
    {
        var report = new ClusterReport { Kind = GaleraKind.KindName, Name = "shop", State = "unknown" };

        Assert.Empty(new GaleraKind().PerfData(report, new MonitorConfig()));
    }
}
