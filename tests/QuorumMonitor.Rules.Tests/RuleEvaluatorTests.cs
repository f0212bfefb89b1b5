using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Rules.Tests;

public class RuleEvaluatorTests
{
    private sealed record Obs(ClusterRef Cluster, bool Broken) : ClusterObservation(Cluster, DateTimeOffset.UnixEpoch)
    {
        public override ClusterReport ToReport() => new() { Kind = Cluster.Kind, Name = Cluster.Name, State = "x" };
    }

    private sealed class BrokenRule : Rule<Obs>
    {
        public override string Name => "Broken";

        protected override IEnumerable<AlertCandidate> Evaluate(Obs o) =>
            o.Broken ? [new AlertCandidate("Broken", Severity.Page, o.Cluster, "broken")] : [];
    }

    private sealed class ThrowingRule : IRule
    {
        public string Name => "Throws";

        public IEnumerable<AlertCandidate> Evaluate(ClusterObservation observation) => throw new InvalidOperationException("bug");
    }

    private static readonly ClusterRef A = new("zookeeper", "a");
    private static readonly ClusterRef B = new("zookeeper", "b");

    [Fact]
    public void Alerts_of_one_cluster_are_not_cleared_by_another_clusters_evaluation()
    {
        var evaluator = new RuleEvaluator([new BrokenRule()], new AlertTiming(1, TimeSpan.Zero, 1, TimeSpan.Zero), new FakeTimeProvider());

        evaluator.Evaluate(new Obs(A, Broken: true));
        evaluator.Evaluate(new Obs(B, Broken: false));

        var alert = Assert.Single(evaluator.Alerts());
        Assert.Equal("a", alert.Cluster);
        Assert.Equal(AlertState.Firing, alert.State);
    }

    [Fact]
    public void A_rule_that_throws_becomes_a_warning_and_the_other_rules_still_run()
    {
        var evaluator = new RuleEvaluator([new ThrowingRule(), new BrokenRule()], new AlertTiming(1, TimeSpan.Zero, 1, TimeSpan.Zero), new FakeTimeProvider());

        evaluator.Evaluate(new Obs(A, Broken: true));

        var alerts = evaluator.Alerts();
        Assert.Contains(alerts, a => a.Name == "Broken" && a.Severity == Severity.Page);
        Assert.Contains(alerts, a => a.Name == RuleEvaluator.RuleFailedAlert && a.Severity == Severity.Warning && a.Summary.Contains("bug", StringComparison.Ordinal));
    }

    [Fact]
    public void Transitions_are_reported_once_each()
    {
        var evaluator = new RuleEvaluator([new BrokenRule()], new AlertTiming(2, TimeSpan.Zero, 1, TimeSpan.Zero), new FakeTimeProvider());

        var first = evaluator.Evaluate(new Obs(A, Broken: true));
        var second = evaluator.Evaluate(new Obs(A, Broken: true));
        var third = evaluator.Evaluate(new Obs(A, Broken: true));
        var resolved = evaluator.Evaluate(new Obs(A, Broken: false));

        Assert.Equal(AlertState.Pending, Assert.Single(first).To);
        Assert.Equal(AlertState.Firing, Assert.Single(second).To);
        Assert.Empty(third);
        Assert.Equal(AlertState.Resolved, Assert.Single(resolved).To);
        Assert.Equal(AlertState.Resolved, Assert.Single(evaluator.Alerts()).State);
    }
}
