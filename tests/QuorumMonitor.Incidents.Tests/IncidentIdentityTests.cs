using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify;
using QuorumMonitor.Notify.Alertmanager;
using QuorumMonitor.Notify.Delivery;
using QuorumMonitor.Notify.PagerDuty;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Rules;

namespace QuorumMonitor.Incidents.Tests;

/// <summary>
/// Issue 16, scope 1 (the part an HA pair needs): two monitors with the same config, built apart, their clocks and
/// probe rounds a few seconds apart, watching the same failure, name the incident alike: the same id (the PagerDuty
/// dedup_key, the Alertmanager <c>incident</c> label) and a byte-identical Alertmanager label set, with nothing of
/// either process in it — even when the failure reaches their rules in a different order.
/// </summary>
public class IncidentIdentityTests
{
    private static readonly ClusterRef Zk = new(ZooKeeperKind.KindName, "zk-realtime");
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private const ZooKeeperMemberState Up = ZooKeeperMemberState.Serving;
    private const ZooKeeperMemberState Down = ZooKeeperMemberState.Refused;

    private static ZooKeeperEnsembleObservation Ensemble(Scenario s, params ZooKeeperMemberState[] states) =>
        new(Zk, s.Time.GetUtcNow(), states.Select((state, i) => new ZooKeeperMemberResult
        {
            UnitId = $"10.0.0.{i + 1}:2181",
            At = s.Time.GetUtcNow(),
            Duration = TimeSpan.FromMilliseconds(2),
            Address = new HostPort($"10.0.0.{i + 1}", 2181),
            State = state,
            Role = state == Up ? (i == 0 ? ZooKeeperRole.Leader : ZooKeeperRole.Follower) : null,
            Zxid = state == Up ? 0x300000010 : null,
            UptimeSeconds = state == Up ? 5000 : null,
        }).ToList());

    private static Scenario Monitor(TimeSpan clockOffset) =>
        new(ZooKeeperRules.All(), new Topology(), time: new FakeTimeProvider(Scenario.Start + clockOffset));

    private static NotifyConfig Notify(string externalUrl) => new()
    {
        StateFile = "unused.db",
        ExternalUrl = new Uri(externalUrl),
        Channels = [],
        Routes = [],
    };

    /// <summary>The label set this monitor would send Alertmanager for the incident, as JSON text.</summary>
    private static string AlertmanagerLabels(IncidentChange change, string externalUrl) =>
        new AlertmanagerAlerts(new IncidentLinks(Notify(externalUrl)), TimeSpan.FromMinutes(1))
            .Alert(new Notification(change.Incident.Id, NotificationAction.Trigger, change.Incident, change.At), change.At)["labels"]!
            .ToJsonString();

    private static string DedupKey(IncidentChange change, string externalUrl) =>
        System.Text.Json.JsonDocument.Parse(new PagerDutyEvents(new IncidentLinks(Notify(externalUrl)))
            .Build(new Notification(change.Incident.Id, NotificationAction.Trigger, change.Incident, change.At), new Secret("routing-key")))
            .RootElement.GetProperty("dedup_key").GetString()!;

    [Fact]
    public void Two_monitors_seconds_apart_seeing_the_failure_in_a_different_order_give_one_id_and_one_label_set()
    {
        // A probes after both members are gone: quorum lost and both members down confirm in the same rounds.
        var a = Monitor(TimeSpan.Zero);
        a.Round(Interval, Ensemble(a, Up, Up, Up));
        for (var i = 0; i < 4; i++)
        {
            a.Round(Interval, Ensemble(a, ZooKeeperMemberState.NotServing, Down, Down));
        }

        // B, 3 s later on its own clock, caught the first member down a round before the second: its incident opens
        // as a warning (no fault tolerance) and escalates to the quorum loss.
        var b = Monitor(TimeSpan.FromSeconds(3));
        b.Round(Interval, Ensemble(b, Up, Up, Up));
        b.Round(Interval, Ensemble(b, Up, Up, Down));
        b.Round(Interval, Ensemble(b, Up, Up, Down));
        for (var i = 0; i < 4; i++)
        {
            b.Round(Interval, Ensemble(b, ZooKeeperMemberState.NotServing, Down, Down));
        }

        Assert.NotEqual(a.Changes[0].Incident.RootCause.Name, b.Changes[0].Incident.RootCause.Name);
        var ids = a.Changes.Concat(b.Changes).Select(c => c.Incident.Id).Distinct().ToList();
        Assert.Single(ids);
        Assert.Equal(ids[0], Assert.Single(a.Incidents.Incidents()).Id);
        Assert.Equal(ids[0], Assert.Single(b.Incidents.Incidents()).Id);
        Assert.NotEqual(a.Changes[^1].Incident.StartedAt, b.Changes[^1].Incident.StartedAt);

        // What each sends once it sees the whole failure: one label set, byte for byte, though their own URLs differ.
        var labelsA = AlertmanagerLabels(a.Changes[^1], "http://monitor-a:9464");
        var labelsB = AlertmanagerLabels(b.Changes[^1], "http://monitor-b:9464");
        Assert.Equal(labelsA, labelsB);
        Assert.Contains($"\"incident\":\"{ids[0]}\"", labelsA, StringComparison.Ordinal);
        Assert.Contains($"\"alertname\":\"{ZooKeeperQuorumLostRule.AlertName}\"", labelsA, StringComparison.Ordinal);
        Assert.DoesNotContain("monitor-a", labelsA, StringComparison.Ordinal);
        Assert.Equal(DedupKey(a.Changes[0], "http://monitor-a:9464"), DedupKey(b.Changes[0], "http://monitor-b:9464"));
        Assert.Equal(ids[0], DedupKey(b.Changes[0], "http://monitor-b:9464"));
    }

    [Fact]
    public void The_id_is_the_root_causes_cluster_and_nothing_of_the_time_or_the_process()
    {
        var ids = new List<string>();
        foreach (var offset in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(2.5), TimeSpan.FromHours(7) })
        {
            var s = Monitor(offset);
            for (var i = 0; i < 4; i++)
            {
                s.Round(Interval, Ensemble(s, ZooKeeperMemberState.NotServing, Down, Down));
            }

            ids.Add(Assert.Single(s.Incidents.Incidents()).Id);
        }

        Assert.Single(ids.Distinct());
        var expected = "inc-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("zookeeper/zk-realtime")))[..12];
        Assert.Equal(expected, ids[0]);
        Assert.Matches("^inc-[0-9a-f]{12}$", ids[0].ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_id_names_one_open_incident_a_quiet_one_on_the_cluster_closes_before_a_new_one_takes_its_id()
    {
        // A window shorter than the resolve hold: a re-fire after the window, inside the hold, is a new incident.
        var options = new CorrelationOptions { StartupHold = TimeSpan.Zero, Window = TimeSpan.FromSeconds(10), ResolveHold = TimeSpan.FromMinutes(2) };
        var s = new Scenario([new SyntheticRule()], new Topology(), options);
        Synthetic Lost() => new(Zk, s.Time.GetUtcNow(), ("QuorumLost", Severity.Page, null));
        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Lost());
        }

        for (var i = 0; i < 4; i++)
        {
            s.Round(Interval, new Synthetic(Zk, s.Time.GetUtcNow()));
        }

        for (var i = 0; i < 3; i++)
        {
            s.Round(Interval, Lost());
        }

        // Resolve of the old one first, then the new one opens under the same id: receivers end up firing, never resolved.
        Assert.Equal([IncidentChangeKind.Opened, IncidentChangeKind.Resolved, IncidentChangeKind.Opened], s.Changes.Where(c => c.Kind != IncidentChangeKind.Updated).Select(c => c.Kind));
        Assert.Single(s.Changes.Select(c => c.Incident.Id).Distinct());
        var incidents = s.Incidents.Incidents();
        Assert.Equal(IncidentState.Open, Assert.Single(incidents, i => i.State == IncidentState.Open).State);
        Assert.Contains(Assert.Single(incidents, i => i.State == IncidentState.Resolved).Timeline, e => e.Text.Contains("takes its id", StringComparison.Ordinal));
        Assert.Equal(IncidentState.Open, s.Incidents.Find(s.Changes[0].Incident.Id)!.State);
        Assert.Null(s.Incidents.Find("inc-000000000000"));
    }
}
