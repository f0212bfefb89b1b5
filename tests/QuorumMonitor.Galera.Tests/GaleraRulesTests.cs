using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Galera.Rules;
using QuorumMonitor.Rules.Evaluation;
using static QuorumMonitor.Galera.Tests.Nodes;

namespace QuorumMonitor.Galera.Tests;

/// <summary>Each Galera rule on synthetic observations, and the rule evaluator's confirmation over them.</summary>
public class GaleraRulesTests
{
    private static List<AlertCandidate> Evaluate(GaleraClusterObservation c) => GaleraRules.All().SelectMany(r => r.Evaluate(c)).ToList();

    [Fact]
    public void Healthy_cluster_raises_nothing()
    {
        Assert.Empty(Evaluate(Cluster(Synced(1), Synced(2), Synced(3))));
    }

    [Fact]
    public void One_node_down_of_three_warns_no_fault_tolerance_naming_it()
    {
        var candidates = Evaluate(Cluster(Synced(1, 2), Synced(2, 2), Down(3)));

        var warning = Assert.Single(candidates, a => a.Name == GaleraNoFaultToleranceRule.AlertName);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains(Name(3), warning.Summary, StringComparison.Ordinal);
        Assert.Contains("0 more failures", warning.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(Name(1), warning.Summary, StringComparison.Ordinal);
        var down = Assert.Single(candidates, a => a.Name == GaleraNodeDownRule.AlertName);
        Assert.Equal(Name(3), down.Labels["node"]);
        Assert.DoesNotContain(candidates, a => a.Severity == Severity.Page);
    }

    [Fact]
    public void One_node_down_of_five_leaves_margin_and_only_names_the_node()
    {
        var candidates = Evaluate(Cluster(Synced(1, 4), Synced(2, 4), Synced(3, 4), Synced(4, 4), Down(5)));

        Assert.Equal([GaleraNodeDownRule.AlertName], candidates.Select(a => a.Name));
    }

    [Fact]
    public void No_node_in_a_Primary_component_pages_quorum_lost_once()
    {
        var candidates = Evaluate(Cluster(NonPrimary(1), Down(2), Down(3)));

        var page = Assert.Single(candidates, a => a.Severity == Severity.Page);
        Assert.Equal(GaleraQuorumLostRule.AlertName, page.Name);
        Assert.Contains("none in a Primary component", page.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(candidates, a => a.Name == GaleraNoFaultToleranceRule.AlertName);
        Assert.Contains(GaleraNodeNotSyncedRule.AlertName, GaleraRules.All().OfType<GaleraQuorumLostRule>().Single().Explains);
    }

    [Fact]
    public void No_node_answering_is_quorum_lost_as_far_as_the_monitor_can_tell()
    {
        var page = Assert.Single(Evaluate(Cluster(Down(1), Down(2, GaleraNodeState.HandshakeTimeout))), a => a.Severity == Severity.Page);

        Assert.Contains("no node answers", page.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_writing_Primary_components_page_split_brain_and_not_fault_tolerance()
    {
        var candidates = Evaluate(Cluster(Synced(1, 2, 7), Synced(2, 2, 7), Synced(3, 1, 2, OtherUuid)));

        var page = Assert.Single(candidates, a => a.Severity == Severity.Page);
        Assert.Equal(GaleraSplitBrainRule.AlertName, page.Name);
        Assert.Contains(Uuid, page.Summary, StringComparison.Ordinal);
        Assert.Contains(OtherUuid, page.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(candidates, a => a.Name == GaleraNoFaultToleranceRule.AlertName);
    }

    [Fact]
    public void Desynced_node_warns_not_synced_with_its_label()
    {
        var candidates = Evaluate(Cluster(Synced(1), Desynced(2), Synced(3)));

        var notSynced = Assert.Single(candidates, a => a.Name == GaleraNodeNotSyncedRule.AlertName);
        Assert.Equal(Severity.Warning, notSynced.Severity);
        Assert.Equal(Name(2), notSynced.Labels["node"]);
        Assert.Contains("Donor/Desynced", notSynced.Summary, StringComparison.Ordinal);
        Assert.Contains(candidates, a => a.Name == GaleraNoFaultToleranceRule.AlertName);
    }

    [Fact]
    public void Flow_control_warns_above_the_threshold_only()
    {
        var above = Evaluate(Cluster(Synced(1) with { FlowControlPaused = 0.5, FlowControlPausedRecent = 0.25 }, Synced(2), Synced(3)));
        var below = Evaluate(Cluster(Synced(1) with { FlowControlPaused = 0.5, FlowControlPausedRecent = 0.05 }, Synced(2), Synced(3)));
        var cumulative = Evaluate(Cluster(Synced(1) with { FlowControlPaused = 0.3 }, Synced(2), Synced(3)));

        var warning = Assert.Single(above);
        Assert.Equal(GaleraFlowControlRule.AlertName, warning.Name);
        Assert.Equal(Name(1), warning.Labels["node"]);
        Assert.Empty(below);
        Assert.Single(cumulative, a => a.Name == GaleraFlowControlRule.AlertName);
    }

    [Fact]
    public void A_single_node_cluster_never_had_fault_tolerance_to_lose()
    {
        Assert.Empty(Evaluate(Cluster(Synced(1, 1))));
    }

    [Fact]
    public void Quorum_lost_fires_after_the_confirmation_rounds_and_resolves_when_a_Primary_returns()
    {
        var time = new FakeTimeProvider(At);
        var evaluator = new RuleEvaluator(GaleraRules.All(), new AlertTiming(2, TimeSpan.Zero, 2, TimeSpan.Zero), time);
        var lost = Cluster(NonPrimary(1), Down(2), Down(3));
        var back = Cluster(Synced(1), Synced(2), Synced(3));

        evaluator.Evaluate(lost);
        Assert.DoesNotContain(evaluator.Alerts(), a => a.State == AlertState.Firing);
        time.Advance(TimeSpan.FromSeconds(5));
        evaluator.Evaluate(lost);
        Assert.Single(evaluator.Alerts(), a => a.State == AlertState.Firing && a.Name == GaleraQuorumLostRule.AlertName);

        for (var i = 0; i < 2; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            evaluator.Evaluate(back);
        }

        Assert.DoesNotContain(evaluator.Alerts(), a => a.State == AlertState.Firing);
    }

    [Fact]
    public void Every_rule_has_a_runbook_and_a_section_in_docs_runbooks()
    {
        var doc = File.ReadAllLines(RepoFiles.PathOf("docs", "runbooks.md"));
        foreach (var rule in GaleraRules.All())
        {
            Assert.Contains($"## {rule.Name}", doc);
            var runbook = GaleraRunbooks.For(rule.Name);
            Assert.NotNull(runbook);
            Assert.NotEmpty(runbook.NextSteps);
        }

        Assert.Equal(GaleraRules.All().Count(), GaleraRunbooks.All.Count);
    }
}
