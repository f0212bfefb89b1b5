using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Incidents.Tests;

/// <summary>
/// Issue 12, scope 1, on fake time: while the monitor cannot trust its own probes, the clusters' new incidents are held
/// (never paged), its own incident is not; once it has been punctual long enough, what still fires is paged and what
/// its lateness raised has resolved unpaged.
/// </summary>
public class MonitorTrustTests
{
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Reconfirm = TimeSpan.FromSeconds(30);
    private static readonly ClusterRef Zk = new("zookeeper", "zk-a");
    private static readonly ClusterRef Other = new("zookeeper", "zk-b");
    private static readonly ClusterRef Self = new(ClusterKinds.Monitor, "quorum-monitor");

    private sealed class Punctuality : IMonitorPunctuality
    {
        public bool Late { get; set; }

        public string? WhyNotTrusted(DateTimeOffset now) => Late ? "40 of 60 probes started late" : null;
    }

    private static (Scenario Scenario, MonitorTrust Trust, Punctuality Punctuality) NewScenario()
    {
        var punctuality = new Punctuality();
        var trust = new MonitorTrust(Reconfirm, punctuality);
        var options = new CorrelationOptions { StartupHold = TimeSpan.Zero, ResolveHold = TimeSpan.FromSeconds(10) };
        return (new Scenario([new SyntheticRule()], new Topology(), options, trust: trust), trust, punctuality);
    }

    private static Synthetic Down(Scenario s, ClusterRef c) => new(c, s.Time.GetUtcNow(), ("QuorumLost", Severity.Page, null));

    private static Synthetic Ok(Scenario s, ClusterRef c) => new(c, s.Time.GetUtcNow());

    private static Synthetic Overloaded(Scenario s) => new(Self, s.Time.GetUtcNow(), ("MonitorOverloaded", Severity.Page, null));

    [Fact]
    public void Nothing_is_paged_before_the_monitor_has_shown_it_keeps_its_schedule()
    {
        var (s, trust, _) = NewScenario();

        s.Round(Round, Down(s, Zk));
        s.Round(Round, Down(s, Zk));
        Assert.Empty(s.Changes);
        Assert.Contains("not yet shown", Assert.Single(s.Incidents.Incidents()).HeldBecause, StringComparison.Ordinal);

        trust.Observe(overloaded: false, null, s.Time.GetUtcNow());
        trust.Observe(overloaded: false, null, s.Time.GetUtcNow());
        s.Round(Round, Down(s, Zk));

        var page = Assert.Single(s.Pages);
        Assert.Equal("QuorumLost", page.Incident.RootCause.Name);
        Assert.Null(page.Incident.HeldBecause);
    }

    [Fact]
    public void While_late_cluster_pages_are_held_the_monitors_own_is_not_and_recovery_sends_no_storm()
    {
        var (s, trust, punctuality) = NewScenario();
        trust.Observe(false, null, s.Time.GetUtcNow());
        trust.Observe(false, null, s.Time.GetUtcNow());

        // The monitor falls behind: every cluster seems to time out; its self-check says why.
        punctuality.Late = true;
        for (var i = 0; i < 3; i++)
        {
            trust.Observe(true, "40 of 60 probes started late", s.Time.GetUtcNow());
            s.Round(Round, Down(s, Zk), Down(s, Other), Overloaded(s));
        }

        var owners = Assert.Single(s.Pages);
        Assert.Equal("MonitorOverloaded", owners.Incident.RootCause.Name);
        Assert.All(s.Incidents.Incidents().Where(i => i.RootCause.Kind != ClusterKinds.Monitor), i => Assert.NotNull(i.HeldBecause));

        // Load drops: probes are punctual again, the clusters answer, the self-check clears.
        punctuality.Late = false;
        var recovery = TimeSpan.Zero;
        while (recovery < Reconfirm + (Round * 4))
        {
            trust.Observe(false, null, s.Time.GetUtcNow());
            s.Round(Round, Ok(s, Zk), Ok(s, Other), new Synthetic(Self, s.Time.GetUtcNow()));
            recovery += Round;
        }

        Assert.Single(s.Pages);
        Assert.DoesNotContain(s.Changes, c => c.Incident.RootCause.Kind != ClusterKinds.Monitor);
        Assert.Contains(s.Changes, c => c.Kind == IncidentChangeKind.Resolved && c.Incident.RootCause.Name == "MonitorOverloaded");
    }

    [Fact]
    public void A_real_failure_that_began_while_the_monitor_was_late_is_paged_once_it_is_reconfirmed()
    {
        var (s, trust, punctuality) = NewScenario();
        trust.Observe(false, null, s.Time.GetUtcNow());
        trust.Observe(false, null, s.Time.GetUtcNow());
        punctuality.Late = true;
        s.Round(Round, Down(s, Zk));
        s.Round(Round, Down(s, Zk));
        Assert.Empty(s.Pages);

        punctuality.Late = false;
        var waited = TimeSpan.Zero;
        while (!s.Pages.Any() && waited < Reconfirm * 3)
        {
            trust.Observe(false, null, s.Time.GetUtcNow());
            s.Round(Round, Down(s, Zk));
            waited += Round;
        }

        // Held for the re-confirmation, never lost: still failing, so paged, once.
        var page = Assert.Single(s.Pages);
        Assert.Equal("QuorumLost", page.Incident.RootCause.Name);
        Assert.InRange(waited, Reconfirm - Round, Reconfirm + Round);
    }

    [Fact]
    public void Without_a_self_check_the_monitor_trusts_itself()
    {
        var s = new Scenario([new SyntheticRule()], new Topology());

        s.Round(Round, Down(s, Zk));
        s.Round(Round, Down(s, Zk));

        Assert.Single(s.Pages);
    }
}
