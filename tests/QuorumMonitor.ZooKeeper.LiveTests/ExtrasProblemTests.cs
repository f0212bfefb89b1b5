using QuorumMonitor.Core.Probing;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper.Probes.Admin;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.ZooKeeper.Probes;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>
/// srvr alone decides serving: a hung, huge, endless, redirecting or garbled extra (mntr, AdminServer, session) is a
/// problem named on a serving member, inside the unit deadline. Scripted peers on loopback, no ZooKeeper process.
/// </summary>
public sealed class ExtrasProblemTests : IDisposable
{
    private const string NotWhitelisted = "mntr is not executed because it is not in the whitelist.\n";
    // Generous: these tests assert classification, and the machine may be loaded; the hung case still ends inside it.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new(AdminServerClient.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    private async Task<ZooKeeperMemberResult> ProbeAsync(ScriptedZooKeeperMember member, Uri? admin = null, bool sessionCheck = false) =>
        (ZooKeeperMemberResult)await new ProbeUnitRunner(TimeProvider.System).RunAsync(Probe(member, admin, sessionCheck), CancellationToken.None);

    private ZooKeeperMemberProbe Probe(ScriptedZooKeeperMember member, Uri? admin = null, bool sessionCheck = false) =>
        new(member.Address, admin, sessionCheck, Deadline, new AdminServerClient(_http), TimeProvider.System);

    private static ScriptedZooKeeperMember Member(string mntr, string? srvr = null) =>
        new(new Dictionary<string, string> { ["srvr"] = srvr ?? ScriptedZooKeeperMember.Srvr(), ["mntr"] = mntr });

    [Fact]
    public async Task Hung_admin_server_is_a_problem_on_a_serving_member_within_the_deadline()
    {
        await using var member = Member(NotWhitelisted);
        await using var admin = new ScriptedAdminServer(AdminServerBehaviour.Hang);

        var result = await ProbeAsync(member, admin.Url);

        Assert.Equal(ZooKeeperMemberState.Serving, result.State);
        Assert.Equal(ZooKeeperRole.Standalone, result.Role);
        Assert.Null(result.Error);
        var problem = Assert.Single(result.Problems);
        Assert.StartsWith($"AdminServer {admin.Url}: no answer within", problem, StringComparison.Ordinal);
        Assert.True(admin.Accepted >= 1, "the probe never reached the hung AdminServer");
        Assert.True(result.Duration < Deadline, $"took {result.Duration}, the unit deadline is {Deadline}");
    }

    [Fact]
    public async Task Five_MiB_mntr_answer_is_a_problem_not_a_member_error()
    {
        var huge = "zk_version\t3.8.0\n" + string.Concat(Enumerable.Repeat("zk_padding\t" + new string('x', 1000) + "\n", 5 * 1024));
        await using var member = Member(huge);

        var result = await ProbeAsync(member);

        Assert.True(result.State == ZooKeeperMemberState.Serving, $"{result.State}: {result.Error} {result.Duration}");
        Assert.True(result.Problems.Any(p => p.StartsWith("mntr: ", StringComparison.Ordinal) && p.Contains("larger than", StringComparison.Ordinal)), string.Join(" | ", result.Problems));
        Assert.Null(result.QuorumSize);
    }

    [Fact]
    public async Task Endless_admin_body_stops_at_the_cap_and_says_so()
    {
        await using var member = Member(NotWhitelisted);
        await using var admin = new ScriptedAdminServer(AdminServerBehaviour.EndlessBody);

        var result = await ProbeAsync(member, admin.Url);

        Assert.Equal(ZooKeeperMemberState.Serving, result.State);
        var problem = Assert.Single(result.Problems);
        Assert.Contains($"larger than {AdminServerClient.MaxAnswerBytes} bytes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_redirect_is_not_followed()
    {
        await using var member = Member(NotWhitelisted);
        await using var admin = new ScriptedAdminServer(AdminServerBehaviour.Redirect);

        var result = await ProbeAsync(member, admin.Url);

        Assert.Equal(ZooKeeperMemberState.Serving, result.State);
        Assert.Contains("HTTP 302", Assert.Single(result.Problems), StringComparison.Ordinal);
        Assert.Equal(1, admin.Requests);
    }

    [Fact]
    public async Task NaN_and_infinity_in_srvr_and_mntr_are_named_and_the_member_still_serves()
    {
        await using var member = Member(
            "zk_version\t3.8.0\nzk_uptime\tNaN\nzk_quorum_size\tInfinity\nzk_avg_latency\t-Infinity\n",
            ScriptedZooKeeperMember.Srvr(latency: "0/NaN/3"));

        var result = await ProbeAsync(member);

        Assert.Equal(ZooKeeperMemberState.Serving, result.State);
        Assert.Null(result.LatencyAvgMs);
        Assert.Equal(3, result.LatencyMaxMs);
        Assert.Null(result.UptimeSeconds);
        Assert.Null(result.QuorumSize);
        Assert.Contains("srvr: unreadable Latency avg 'NaN'", result.Problems);
        Assert.Contains("mntr: unreadable uptime 'NaN'", result.Problems);
        Assert.Contains("mntr: unreadable quorum_size 'Infinity'", result.Problems);
    }

    [Fact]
    public async Task Failed_client_session_is_a_problem_and_srvr_still_decides()
    {
        // The scripted member closes anything that is not a four-letter word, as a server refusing the session would.
        await using var member = Member("zk_version\t3.8.0\nzk_quorum_size\t1\n");

        var result = await ProbeAsync(member, sessionCheck: true);

        Assert.Equal(ZooKeeperMemberState.Serving, result.State);
        Assert.False(result.SessionOk);
        Assert.Contains(result.Problems, p => p.StartsWith("client session: ", StringComparison.Ordinal));
        Assert.Equal(1, result.QuorumSize);
    }

    [Fact]
    public async Task Observer_that_goes_down_is_remembered_as_an_observer()
    {
        var member = new ScriptedZooKeeperMember(new Dictionary<string, string> { ["srvr"] = ScriptedZooKeeperMember.Srvr(mode: "observer") });
        var probe = Probe(member);
        var runner = new ProbeUnitRunner(TimeProvider.System);

        var up = (ZooKeeperMemberResult)await runner.RunAsync(probe, CancellationToken.None);
        await member.DisposeAsync();
        var down = (ZooKeeperMemberResult)await runner.RunAsync(probe, CancellationToken.None);

        Assert.Equal(ZooKeeperRole.Observer, up.Role);
        Assert.Equal(ZooKeeperMemberState.Refused, down.State);
        Assert.Null(down.Role);
        Assert.Equal(ZooKeeperRole.Observer, down.LastSeenRole);
        Assert.True(down.IsObserver);
    }

    public void Dispose() => _http.Dispose();
}
