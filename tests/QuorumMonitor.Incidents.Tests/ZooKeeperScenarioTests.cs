using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Rules;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Incidents.Tests;

/// <summary>The seed outage: a config tool restarts two of three members; they go down one probe apart.</summary>
public class ZooKeeperScenarioTests
{
    private static readonly ClusterRef Zk = new(ZooKeeperKind.KindName, "zk-realtime");
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private static ZooKeeperEnsembleObservation Ensemble(Scenario s, params ZooKeeperMemberState[] states) =>
        new(Zk, s.Time.GetUtcNow(), states.Select((state, i) => new ZooKeeperMemberResult
        {
            UnitId = $"10.0.0.{i + 1}:2181",
            At = s.Time.GetUtcNow(),
            Duration = TimeSpan.FromMilliseconds(2),
            Address = new HostPort($"10.0.0.{i + 1}", 2181),
            State = state,
            Role = state == ZooKeeperMemberState.Serving ? (i == 0 ? ZooKeeperRole.Leader : ZooKeeperRole.Follower) : null,
            Zxid = state == ZooKeeperMemberState.Serving ? 0x300000010 : null,
            UptimeSeconds = state == ZooKeeperMemberState.Serving ? 5000 : null,
        }).ToList());

    [Fact]
    public void Two_members_down_one_probe_apart_page_once_as_quorum_lost_with_the_members_as_symptoms()
    {
        const ZooKeeperMemberState Up = ZooKeeperMemberState.Serving;
        const ZooKeeperMemberState Down = ZooKeeperMemberState.Refused;
        var s = new Scenario(ZooKeeperRules.All(), new Topology());
        s.Round(Interval, Ensemble(s, Up, Up, Up));
        s.Round(Interval, Ensemble(s, Up, Up, Down));
        for (var i = 0; i < 4; i++)
        {
            s.Round(Interval, Ensemble(s, ZooKeeperMemberState.NotServing, Down, Down));
        }

        // The first member down opens a warning incident; the quorum loss escalates the same incident to one page.
        var page = Assert.Single(s.Pages);
        Assert.Equal(ZooKeeperQuorumLostRule.AlertName, page.Incident.RootCause.Name);
        Assert.Single(s.Changes.Select(c => c.Incident.Id).Distinct());
        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.Equal(ZooKeeperQuorumLostRule.AlertName, incident.RootCause.Name);
        Assert.Equal(2, incident.Symptoms.Count(a => a.Name == ZooKeeperMemberDownRule.AlertName));
        Assert.Contains(incident.Annotations, n => n.StartsWith("correlated failure: 2 of 3 members of zk-realtime failed", StringComparison.Ordinal));
    }

    [Fact]
    public void One_member_down_is_a_warning_incident_that_does_not_page()
    {
        var s = new Scenario(ZooKeeperRules.All(), new Topology());
        for (var i = 0; i < 4; i++)
        {
            s.Round(Interval, Ensemble(s, ZooKeeperMemberState.Serving, ZooKeeperMemberState.Serving, ZooKeeperMemberState.Timeout));
        }

        var incident = Assert.Single(s.Incidents.Incidents());
        Assert.Equal(Severity.Warning, incident.Severity);
        Assert.Equal(ZooKeeperNoFaultToleranceRule.AlertName, incident.RootCause.Name);
        Assert.Empty(s.Pages);
    }
}
