using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Incidents.Tests;

/// <summary>
/// Replays a stream of cluster observations on fake time through the real rule evaluator and incident tracker, and
/// records what would have paged.
/// </summary>
internal sealed class Scenario : IIncidentListener
{
    /// <param name="store">Where incidents survive a restart (a state file), or null.</param>
    /// <param name="time">A clock shared with what the scenario observes (and with a monitor that ran before a restart).</param>
    public Scenario(IEnumerable<IRule> rules, Topology topology, CorrelationOptions? options = null, AlertTiming? timing = null, FakeTimeProvider? time = null, MonitorTrust? trust = null, IIncidentStore? store = null)
    {
        Time = time ?? new FakeTimeProvider(Start);
        Options = options ?? new CorrelationOptions { StartupHold = TimeSpan.Zero };
        var ruleList = rules.ToList();
        Rules = new RuleEvaluator(ruleList, timing ?? new AlertTiming(2, TimeSpan.Zero, 2, TimeSpan.Zero), Time);
        CommonCause = new CommonCauseDetector(Options);
        Incidents = new IncidentTracker(topology, Options, CommonCause, ruleList, [this], Time, trust, store);
    }

    public static DateTimeOffset Start { get; } = DateTimeOffset.Parse("2026-06-09T15:30:00Z", CultureInfo.InvariantCulture);

    public FakeTimeProvider Time { get; }

    public CorrelationOptions Options { get; }

    public RuleEvaluator Rules { get; }

    public CommonCauseDetector CommonCause { get; }

    public IncidentTracker Incidents { get; }

    public List<IncidentChange> Changes { get; } = [];

    /// <summary>Changes that page someone: an incident announced as a page, or escalated to one (warning → page).</summary>
    public IEnumerable<IncidentChange> Pages => Changes.Where((c, i) =>
        c.Kind != IncidentChangeKind.Resolved && c.Incident.Severity == Severity.Page
        && !Changes.Take(i).Any(p => p.Incident.Id == c.Incident.Id && p.Kind != IncidentChangeKind.Resolved && p.Incident.Severity == Severity.Page));

    public void OnIncidentChanged(IncidentChange change) => Changes.Add(change);

    /// <summary>One evaluation round: every observation goes through the rules, then time moves on.</summary>
    public void Round(TimeSpan advance, params ClusterObservation[] observations)
    {
        foreach (var o in observations)
        {
            CommonCause.Observe(o.Cluster, o.MemberStatuses(), Time.GetUtcNow());
            Incidents.Apply(Rules.Evaluate(o));
        }

        Incidents.Tick();
        Time.Advance(advance);
    }
}
