using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Incidents.Tests.Seeds;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.MySql.Rules;
using QuorumMonitor.ZooKeeper.Rules;

namespace QuorumMonitor.Incidents.Tests;

/// <summary>
/// Issue 5, must-show 1-6: the seed outages replayed on fake time through the real observation types, the rules the
/// runtime registers, and a topology read from config. Each asserts what paged, not only what the incident looks like.
/// </summary>
public class SeedOutageScenarioTests
{
    private const string QuorumLost = ZooKeeperQuorumLostRule.AlertName;
    private const string QuorumLostKey = "ZooKeeperQuorumLost{zookeeper/zk-realtime}";
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Quorum_lost_then_the_dependent_kafka_group_stalls_pages_once_rooted_at_the_quorum_loss()
    {
        // Parse.ly, 2016-06-09: Chef restarts two of three ZooKeeper members at the same moment; the ensemble loses
        // quorum and the real-time consumers stop while producers keep writing.
        var d = new SeedDeployment();
        var s = d.StartMonitor();
        d.Run(s, OneMinute);
        d.ZooKeeper.Stop(1);
        d.ZooKeeper.Stop(2);
        d.Kafka.StopConsuming(SeedDeployment.RealtimeGroup);
        d.Run(s, 2 * OneMinute);

        var stall = Firing(s, KafkaConsumerStalledRule.AlertName);
        Assert.Equal(SeedDeployment.RealtimeGroup, stall.Labels["group"]);
        var page = Assert.Single(s.Pages);
        Assert.Equal(QuorumLost, page.Incident.RootCause.Name);
        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.Equal(page.Incident.Id, incident.Id);
        Assert.Equal(QuorumLost, incident.RootCause.Name);
        Assert.Contains(incident.Symptoms, a => a.Fingerprint == stall.Fingerprint);
        Assert.Equal(["zookeeper/zk-realtime", "kafka/events"], incident.Clusters);
        Assert.Contains(incident.Annotations, n => n.StartsWith("correlated failure: 2 of 3 members of zk-realtime failed", StringComparison.Ordinal));
        Assert.Equal(QuorumLostKey, s.Incidents.Annotate(stall).CausedBy);
        Assert.All(s.Changes, c => Assert.Equal(incident.Id, c.Incident.Id));
    }

    [Fact]
    public void Broker_2_down_then_brokers_1_and_3_saturate_is_one_incident_rooted_at_broker_2()
    {
        // Parse.ly's Kafkapocalypse, 2015-03-26: brokers read out ten times what is written to them, each close to its
        // NIC limit; one fails, its consumers move to the others, and those saturate in turn.
        var d = new SeedDeployment();
        foreach (var broker in new[] { 1, 2, 3 })
        {
            d.Kafka.SetTraffic(broker, outMbps: 520, inMbps: 40);
        }

        var s = d.StartMonitor();
        d.Run(s, OneMinute);
        Assert.Empty(s.Changes);
        d.Kafka.Down(2);
        s.Round(d.Interval, d.ObserveAll());
        d.Kafka.SetTraffic(1, outMbps: 900, inMbps: 60);
        d.Kafka.SetTraffic(3, outMbps: 900, inMbps: 60);
        d.Run(s, OneMinute);

        var down = Firing(s, KafkaBrokerDownRule.AlertName);
        Assert.Equal("2", down.Labels["broker"]);
        var saturated = s.Rules.Alerts().Where(a => a.Name == KafkaNicSaturatedRule.AlertName && a.State == AlertState.Firing).ToList();
        Assert.Equal(["1", "3"], saturated.Select(a => a.Labels["broker"]).Order(StringComparer.Ordinal));
        var page = Assert.Single(s.Pages);
        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.Equal(page.Incident.Id, incident.Id);
        Assert.Equal(down.Fingerprint, incident.RootCause.Fingerprint);
        Assert.Equal(Severity.Page, incident.Severity);
        Assert.All(saturated, a => Assert.Contains(incident.Symptoms, x => x.Fingerprint == a.Fingerprint));
        Assert.All(saturated, a => Assert.Equal("KafkaBrokerDown{kafka/events,broker=2}", s.Incidents.Annotate(a).CausedBy));
    }

    [Fact]
    public void Mysql_hung_then_its_consumer_group_lags_pages_once_rooted_at_mysql()
    {
        // VividCortex, 2015-11-15: a MySQL bug freezes the primary (connections accepted, nothing answered); the Kafka
        // consumers that write into it stop committing and fall behind.
        var d = new SeedDeployment();
        var s = d.StartMonitor();
        d.Run(s, OneMinute);
        d.MySql.Set(d.MySql.PrimaryName, MySqlInstanceState.HandshakeTimeout);
        d.Kafka.StopConsuming(SeedDeployment.BillingGroup);
        d.Run(s, 2 * OneMinute);

        var hung = Firing(s, MySqlHungRule.AlertName);
        var behind = s.Rules.Alerts()
            .Where(a => a.Name is KafkaConsumerLaggingRule.AlertName or KafkaConsumerStalledRule.AlertName && a.State == AlertState.Firing)
            .ToList();
        Assert.Equal([KafkaConsumerLaggingRule.AlertName, KafkaConsumerStalledRule.AlertName], behind.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.All(behind, a => Assert.Equal(SeedDeployment.BillingGroup, a.Labels["group"]));
        var page = Assert.Single(s.Pages);
        Assert.Equal(MySqlHungRule.AlertName, page.Incident.RootCause.Name);
        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.Equal(hung.Fingerprint, incident.RootCause.Fingerprint);
        Assert.All(behind, a => Assert.Contains(incident.Symptoms, x => x.Fingerprint == a.Fingerprint));
        Assert.Equal(["mysql/metrics-db", "kafka/events"], incident.Clusters);
        Assert.All(behind, a => Assert.Equal(hung.Key, s.Incidents.Annotate(a).CausedBy));
    }

    [Fact]
    public void Quorum_lost_and_an_unrelated_mysql_down_at_the_same_time_are_two_incidents()
    {
        var d = new SeedDeployment();
        var s = d.StartMonitor();
        d.Run(s, OneMinute);
        d.ZooKeeper.Stop(0);
        d.ZooKeeper.Stop(1);
        d.MySql.Set(d.MySql.PrimaryName, MySqlInstanceState.Refused);
        d.Run(s, OneMinute);

        Firing(s, QuorumLost);
        Firing(s, MySqlDownRule.AlertName);
        var incidents = s.Incidents.Incidents();
        Assert.Equal(2, incidents.Count);
        Assert.Equal([MySqlDownRule.AlertName, QuorumLost], incidents.Select(i => i.RootCause.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["mysql/metrics-db"], incidents.Single(i => i.RootCause.Name == MySqlDownRule.AlertName).Clusters);
        Assert.Equal(["zookeeper/zk-realtime"], incidents.Single(i => i.RootCause.Name == QuorumLost).Clusters);
        Assert.Equal(2, s.Pages.Count());
        Assert.Equal(incidents.Select(i => i.Id).Order(StringComparer.Ordinal), s.Pages.Select(p => p.Incident.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_member_flapping_every_10s_for_5_minutes_opens_one_warning_incident_and_never_pages()
    {
        var d = new SeedDeployment();
        var s = d.StartMonitor(new CorrelationOptions());
        d.Run(s, OneMinute);
        Flap(d, s, TimeSpan.FromMinutes(5), 2);

        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.Empty(s.Pages);
        Assert.Single(s.Changes, c => c.Kind == IncidentChangeKind.Opened);
        Assert.DoesNotContain(s.Changes, c => c.Kind == IncidentChangeKind.Resolved);
        Assert.True(Refires(incident, ZooKeeperMemberDownRule.AlertName) >= 10, string.Join("\n", incident.Timeline.Select(e => e.Text)));
    }

    [Fact]
    public void A_member_flapping_every_10s_for_5_minutes_with_quorum_at_stake_pages_at_most_once()
    {
        // One member is already down (the first of the seed's two restarts); the flapping one takes quorum with it.
        var d = new SeedDeployment();
        var s = d.StartMonitor(new CorrelationOptions());
        d.Run(s, OneMinute);
        d.ZooKeeper.Stop(2);
        d.Run(s, OneMinute);
        Flap(d, s, TimeSpan.FromMinutes(5), 1);

        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.True(s.Pages.Count() <= 1, string.Join("\n", s.Pages.Select(p => $"{p.Kind} {p.Incident.Id} {p.Incident.Summary}")));
        Assert.Single(s.Changes, c => c.Kind == IncidentChangeKind.Opened);
        Assert.DoesNotContain(s.Changes, c => c.Kind == IncidentChangeKind.Resolved);
        Assert.True(Refires(incident, QuorumLost) >= 10, string.Join("\n", incident.Timeline.Select(e => e.Text)));
    }

    [Fact]
    public void Two_members_restarting_together_every_10s_for_5_minutes_page_once_though_every_alert_clears_between()
    {
        // The seed's two simultaneous restarts, in a crash loop: quorum comes and goes and nothing fires in between, so
        // only the incident's resolve hold keeps each return from being a new page.
        var d = new SeedDeployment();
        var s = d.StartMonitor(new CorrelationOptions());
        d.Run(s, OneMinute);
        Flap(d, s, TimeSpan.FromMinutes(5), 0, 1);

        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.Single(s.Pages);
        Assert.Single(s.Changes, c => c.Kind == IncidentChangeKind.Opened);
        Assert.True(Refires(incident, QuorumLost) >= 10, string.Join("\n", incident.Timeline.Select(e => e.Text)));
        Assert.Contains(incident.Timeline, e => e.Kind == "quiet");
    }

    [Fact]
    public void Monitor_restarted_mid_incident_with_the_symptom_confirming_first_lets_no_symptom_page_escape()
    {
        var d = new SeedDeployment();
        var before = d.StartMonitor();
        d.Run(before, OneMinute);
        d.ZooKeeper.Stop(1);
        d.ZooKeeper.Stop(2);
        d.Kafka.StopConsuming(SeedDeployment.RealtimeGroup);
        d.Run(before, 2 * OneMinute);
        var pagedBefore = Assert.Single(before.Pages);

        // A fresh monitor process: new rule evaluator, incident tracker and common-cause detector. The replay keeps the lag
        // probe's history, so the stall shows from the first round; the ensemble's first evaluation comes a round later
        // (its units have not all reported yet). The stall confirms a round before the quorum loss.
        var after = d.StartMonitor();
        after.Round(d.Interval, d.MySql.Observe(), d.Kafka.Observe());
        d.Run(after, OneMinute);

        var stall = Firing(after, KafkaConsumerStalledRule.AlertName);
        var quorumLost = Firing(after, QuorumLost);
        Assert.True(stall.FiringSince < quorumLost.FiringSince, $"stall {stall.FiringSince:O}, quorum lost {quorumLost.FiringSince:O}");
        var page = Assert.Single(after.Pages);
        Assert.Equal(QuorumLost, page.Incident.RootCause.Name);
        Assert.All(after.Changes, c => Assert.Equal(QuorumLost, c.Incident.RootCause.Name));
        Assert.Contains(page.Incident.Symptoms, a => a.Fingerprint == stall.Fingerprint);

        // Delivery deduplicates on the id: the restarted monitor must name the incident it paged before the restart.
        Assert.Equal(pagedBefore.Incident.Id, page.Incident.Id);
    }

    private static AlertReport Firing(Scenario s, string name) =>
        Assert.Single(s.Rules.Alerts(), a => a.Name == name && a.State == AlertState.Firing);

    private static int Refires(IncidentReport incident, string alert) =>
        incident.Timeline.Count(e => e.Kind == "re-fired" && e.Text.StartsWith(alert, StringComparison.Ordinal));

    /// <summary>The members go down for 10 s, come back for 10 s, and again, for <paramref name="duration"/>.</summary>
    private static void Flap(SeedDeployment d, Scenario s, TimeSpan duration, params int[] members)
    {
        var tenSeconds = TimeSpan.FromSeconds(10);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += d.Interval)
        {
            foreach (var member in members)
            {
                if (elapsed.Ticks % (2 * tenSeconds.Ticks) == 0)
                {
                    d.ZooKeeper.Stop(member);
                }
                else if (elapsed.Ticks % (2 * tenSeconds.Ticks) == tenSeconds.Ticks)
                {
                    d.ZooKeeper.Start(member);
                }
            }

            s.Round(d.Interval, d.ObserveAll());
        }
    }
}
