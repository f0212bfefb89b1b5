using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Incidents.Tests;

public class IncidentTrackerTests
{
    private static readonly ClusterRef Zk = new("zookeeper", "zk-realtime");
    private static readonly ClusterRef Kafka = new("kafka", "events");
    private static readonly ClusterRef OtherKafka = new("kafka", "logs");
    private static readonly ClusterRef Db = new("mysql", "metrics-db");
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static Topology DependentTopology()
    {
        var t = new Topology();
        t.AddDependency(TopologyNode.Of(Kafka), TopologyNode.Of(Zk));
        t.AddDependency(TopologyNode.Of(OtherKafka), TopologyNode.Of(Zk));
        t.AddDependency(new TopologyNode("kafka", "events", "billing"), TopologyNode.Of(Db));
        return t;
    }

    private static Synthetic Obs(Scenario s, ClusterRef c, params (string, Severity, string?)[] conditions) => new(c, s.Time.GetUtcNow(), conditions);

    [Fact]
    public void Downstream_symptom_joins_the_upstream_root_cause()
    {
        var s = new Scenario([new SyntheticRule()], DependentTopology());
        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Obs(s, Zk, ("QuorumLost", Severity.Page, null)), Obs(s, Kafka));
        }

        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Obs(s, Zk, ("QuorumLost", Severity.Page, null)), Obs(s, Kafka, ("GroupStalled", Severity.Page, "billing")));
        }

        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.Equal("QuorumLost", incident.RootCause.Name);
        Assert.Equal("GroupStalled", Assert.Single(incident.Symptoms).Name);
        Assert.Single(s.Pages);
        Assert.Contains("+1 symptom", incident.Summary, StringComparison.Ordinal);
        Assert.Equal(["zookeeper/zk-realtime", "kafka/events"], incident.Clusters);
    }

    [Fact]
    public void Symptom_first_root_cause_later_moves_the_root_but_keeps_the_id()
    {
        var s = new Scenario([new SyntheticRule()], DependentTopology());
        s.Round(Interval, Obs(s, Kafka, ("GroupStalled", Severity.Page, "billing")), Obs(s, Db));
        s.Round(Interval, Obs(s, Kafka, ("GroupStalled", Severity.Page, "billing")), Obs(s, Db, ("MySqlHung", Severity.Page, null)));
        s.Round(Interval, Obs(s, Kafka, ("GroupStalled", Severity.Page, "billing")), Obs(s, Db, ("MySqlHung", Severity.Page, null)));
        s.Round(Interval, Obs(s, Kafka, ("GroupStalled", Severity.Page, "billing")), Obs(s, Db, ("MySqlHung", Severity.Page, null)));

        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.Equal("MySqlHung", incident.RootCause.Name);
        Assert.Single(s.Changes, c => c.Kind == IncidentChangeKind.Opened);
        Assert.All(s.Changes, c => Assert.Equal(incident.Id, c.Incident.Id));
        Assert.Contains(incident.Timeline, e => e.Kind == "root-cause");
    }

    [Fact]
    public void Unrelated_failures_are_separate_incidents_and_siblings_do_not_merge()
    {
        var s = new Scenario([new SyntheticRule()], DependentTopology());
        for (var i = 0; i < 3; i++)
        {
            // Two Kafka clusters on one (healthy) ensemble: siblings, not related to each other.
            s.Round(Interval, Obs(s, Kafka, ("BrokerDown", Severity.Page, null)), Obs(s, OtherKafka, ("BrokerDown", Severity.Page, null)), Obs(s, Zk));
        }

        Assert.Equal(2, s.Incidents.Incidents().Count);
        Assert.Equal(2, s.Pages.Count());
    }

    [Fact]
    public void A_later_alert_on_a_common_upstream_merges_the_incidents()
    {
        var s = new Scenario([new SyntheticRule()], DependentTopology());
        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Obs(s, Kafka, ("BrokerDown", Severity.Warning, null)), Obs(s, OtherKafka, ("BrokerDown", Severity.Warning, null)), Obs(s, Zk));
        }

        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Obs(s, Kafka, ("BrokerDown", Severity.Warning, null)), Obs(s, OtherKafka, ("BrokerDown", Severity.Warning, null)), Obs(s, Zk, ("QuorumLost", Severity.Page, null)));
        }

        var open = s.Incidents.Incidents().Where(i => i.State == IncidentState.Open).ToList();
        var incident = Assert.Single(open);
        Assert.Equal(3, incident.Symptoms.Count + 1);
        Assert.Equal(Severity.Page, incident.Severity);
        Assert.Contains(s.Changes, c => c.Kind == IncidentChangeKind.Resolved && c.Incident.Timeline.Any(e => e.Kind == "merged"));
    }

    [Fact]
    public void Incident_resolves_only_after_every_alert_and_the_resolve_hold()
    {
        var s = new Scenario([new SyntheticRule()], DependentTopology(), new CorrelationOptions { StartupHold = TimeSpan.Zero, ResolveHold = TimeSpan.FromMinutes(1) });
        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Obs(s, Zk, ("QuorumLost", Severity.Page, null)));
        }

        for (var i = 0; i < 13; i++)
        {
            s.Round(Interval, Obs(s, Zk));
        }

        Assert.DoesNotContain(s.Changes, c => c.Kind == IncidentChangeKind.Resolved);
        s.Round(Interval, Obs(s, Zk));
        s.Round(Interval, Obs(s, Zk));
        var resolved = Assert.Single(s.Changes, c => c.Kind == IncidentChangeKind.Resolved);
        Assert.Equal(IncidentState.Resolved, resolved.Incident.State);
    }

    [Fact]
    public void A_member_flapping_every_10s_for_5_minutes_pages_once()
    {
        var s = new Scenario([new SyntheticRule()], DependentTopology());
        for (var t = 0; t < 300; t += 5)
        {
            var down = t / 10 % 2 == 0;
            s.Round(Interval, down ? Obs(s, Zk, ("MemberDown", Severity.Page, null)) : Obs(s, Zk));
        }

        Assert.Single(s.Changes, c => c.Kind == IncidentChangeKind.Opened);
        Assert.Single(s.Incidents.Incidents());
    }

    [Fact]
    public void Restarted_monitor_holds_pages_so_symptoms_arriving_first_do_not_escape()
    {
        // A fresh tracker (a restarted monitor) mid-incident: the symptom's alert confirms one round before its cause.
        var s = new Scenario([new SyntheticRule()], DependentTopology(), new CorrelationOptions { StartupHold = TimeSpan.FromSeconds(15) });
        s.Round(Interval, Obs(s, Kafka, ("GroupStalled", Severity.Page, "billing")), Obs(s, Zk));
        s.Round(Interval, Obs(s, Kafka, ("GroupStalled", Severity.Page, "billing")), Obs(s, Zk, ("QuorumLost", Severity.Page, null)));
        Assert.Empty(s.Changes);
        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Obs(s, Kafka, ("GroupStalled", Severity.Page, "billing")), Obs(s, Zk, ("QuorumLost", Severity.Page, null)));
        }

        var opened = Assert.Single(s.Changes, c => c.Kind == IncidentChangeKind.Opened);
        Assert.Equal("QuorumLost", opened.Incident.RootCause.Name);
        Assert.DoesNotContain(s.Changes, c => c.Incident.RootCause.Name == "GroupStalled");
    }

    [Fact]
    public void A_lone_page_is_not_held_beyond_the_startup_window()
    {
        var s = new Scenario([new SyntheticRule()], DependentTopology(), new CorrelationOptions { StartupHold = TimeSpan.FromSeconds(15) });
        var rounds = 0;
        while (!s.Changes.Any() && rounds < 10)
        {
            s.Round(Interval, Obs(s, Db, ("MySqlDown", Severity.Page, null)));
            rounds++;
        }

        Assert.Single(s.Changes);

        // Rounds at 0 s, 5 s, 10 s, 15 s: announced on the first round at or past the 15 s hold.
        Assert.Equal(4, rounds);
    }

    [Fact]
    public void Incident_id_is_stable_across_monitor_restarts()
    {
        static string RunOnce()
        {
            var s = new Scenario([new SyntheticRule()], new Topology());
            for (var i = 0; i < 3; i++)
            {
                s.Round(Interval, new Synthetic(Zk, s.Time.GetUtcNow(), ("QuorumLost", Severity.Page, null)));
            }

            return Assert.Single(s.Incidents.Incidents()).Id;
        }

        Assert.Equal(RunOnce(), RunOnce());
    }

    [Fact]
    public void Symptoms_carry_caused_by_and_the_root_does_not()
    {
        var s = new Scenario([new SyntheticRule()], DependentTopology());
        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Obs(s, Zk, ("QuorumLost", Severity.Page, null)), Obs(s, Kafka, ("BrokerDown", Severity.Warning, null)));
        }

        var alerts = s.Rules.Alerts().Select(s.Incidents.Annotate).ToList();
        var root = Assert.Single(alerts, a => a.Name == "QuorumLost");
        var symptom = Assert.Single(alerts, a => a.Name == "BrokerDown");
        Assert.Null(root.CausedBy);
        Assert.Equal("QuorumLost{zookeeper/zk-realtime}", symptom.CausedBy);
        Assert.Equal(root.Incident, symptom.Incident);
    }

    [Fact]
    public void When_the_root_cause_clears_and_symptoms_remain_the_incident_steps_down_to_what_still_fires()
    {
        var s = new Scenario([new SyntheticRule()], DependentTopology());
        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Obs(s, Zk, ("QuorumLost", Severity.Page, null), ("MemberDown", Severity.Warning, null)));
        }

        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Obs(s, Zk, ("MemberDown", Severity.Warning, null)));
        }

        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.Equal(IncidentState.Open, incident.State);
        Assert.Equal("MemberDown", incident.RootCause.Name);
        Assert.Equal(Severity.Warning, incident.Severity);
        Assert.Contains(incident.Timeline, e => e.Kind == "resolved" && e.Text.StartsWith("QuorumLost", StringComparison.Ordinal));
    }
}
