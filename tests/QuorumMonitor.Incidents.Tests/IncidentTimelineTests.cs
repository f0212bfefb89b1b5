using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Incidents.Tests;

/// <summary>A flapping incident open for days keeps how it began and what happened last, in bounded memory and pages.</summary>
public class IncidentTimelineTests
{
    private static readonly ClusterRef Zk = new("zookeeper", "zk-flapping");

    [Fact]
    public void A_long_flapping_incident_keeps_its_first_and_latest_events_and_says_what_it_dropped()
    {
        var s = new Scenario([new SyntheticRule()], new Topology(),
            new CorrelationOptions { StartupHold = TimeSpan.Zero, ResolveHold = TimeSpan.FromHours(1) },
            new QuorumMonitor.Rules.Evaluation.AlertTiming(1, TimeSpan.Zero, 1, TimeSpan.Zero));
        for (var flap = 0; flap < 1000; flap++)
        {
            s.Round(TimeSpan.FromSeconds(5), new Synthetic(Zk, s.Time.GetUtcNow(), ("MemberDown", Severity.Warning, null)));
            s.Round(TimeSpan.FromSeconds(5), new Synthetic(Zk, s.Time.GetUtcNow()));
        }

        var incident = Assert.Single(s.Incidents.Incidents());
        var timeline = incident.Timeline;
        Assert.Equal(IncidentTimeline.KeepFirst + IncidentTimeline.KeepLast + 1, timeline.Count);
        Assert.Equal("opened", timeline[0].Kind);
        var elided = Assert.Single(timeline, e => e.Kind == "elided");
        Assert.Equal(IncidentTimeline.KeepFirst, timeline.ToList().IndexOf(elided));
        var dropped = int.Parse(elided.Text.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(dropped, 2500, 3000);
        Assert.Equal(s.Changes[^1].Incident.Timeline[^1], timeline[^1]);
        Assert.True(timeline.Zip(timeline.Skip(1), (a, b) => a.At <= b.At).All(ordered => ordered), "events in time order");
    }
}
