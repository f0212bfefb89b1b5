using QuorumMonitor.Core.Probing;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Lab.Timing;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper.Probes.Admin;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.ZooKeeper.Probes;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>Member states as the probe classifies them on a real ensemble.</summary>
public sealed class MemberProbeTests(EnsembleFixture fixture) : IClassFixture<EnsembleFixture>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    private async Task<ZooKeeperMemberResult> ProbeAsync(ZooKeeperNode node, TimeSpan? deadline = null, bool withAdmin = true)
    {
        var probe = new ZooKeeperMemberProbe(node.Address, withAdmin ? node.AdminUrl : null, sessionCheck: true,
            deadline ?? TimeSpan.FromSeconds(2), new AdminServerClient(_http), TimeProvider.System);
        return (ZooKeeperMemberResult)await new ProbeUnitRunner(TimeProvider.System).RunAsync(probe, CancellationToken.None);
    }

    [Fact]
    public async Task Healthy_members_serve_with_one_leader_and_report_quorum_size()
    {
        var results = new List<ZooKeeperMemberResult>();
        foreach (var m in fixture.Ensemble.Members)
        {
            results.Add(await ProbeAsync(m));
        }

        Assert.All(results, r => Assert.Equal(ZooKeeperMemberState.Serving, r.State));
        Assert.Single(results, r => r.Role == ZooKeeperRole.Leader);
        Assert.Equal(2, results.Count(r => r.Role == ZooKeeperRole.Follower));
        Assert.All(results, r => Assert.Equal(3, r.QuorumSize));
        Assert.All(results, r => Assert.True(r.SessionOk));
        Assert.All(results, r => Assert.True(r.MntrAllowed));
        Assert.All(results, r => Assert.NotNull(r.Zxid));
    }

    [Fact]
    public async Task Stopped_member_is_refused_survivor_without_quorum_is_not_serving()
    {
        using var ensemble = ZooKeeperEnsemble.Start(3, fixture.Ports, fixture.Directory, "states");
        await ensemble.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        ensemble.Members[1].Kill();
        ensemble.Members[2].Kill();

        var down = await ProbeAsync(ensemble.Members[1]);
        Assert.Equal(ZooKeeperMemberState.Refused, down.State);

        ZooKeeperMemberResult survivor = null!;
        for (var i = 0; i < 50; i++)
        {
            survivor = await ProbeAsync(ensemble.Members[0]);
            if (survivor.State != ZooKeeperMemberState.Serving)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(ZooKeeperMemberState.NotServing, survivor.State);
        Assert.Null(survivor.Role);
    }

    [Fact]
    public async Task Frozen_member_times_out_within_its_deadline()
    {
        using var ensemble = ZooKeeperEnsemble.Start(3, fixture.Ports, fixture.Directory, "frozen");
        await ensemble.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        ensemble.Members[0].Freeze();
        try
        {
            var deadline = TimeSpan.FromMilliseconds(700);
            var control = DeadlineControl.Start(deadline);
            var frozen = await ProbeAsync(ensemble.Members[0], deadline);
            var controlOverrun = await control.StopAsync();

            Assert.Equal(ZooKeeperMemberState.Timeout, frozen.State);
            // At its deadline, not before (exact on fake time: ProbeUnitRunnerTests); and no later than an in-process
            // unit with the same deadline, hung at the same time, was let go: a loaded machine's timer lateness is not
            // the probe's, the ZooKeeper session timeout (4 s) would be. Slack: the runner's grace plus the control's stagger.
            Assert.True(frozen.Duration >= deadline - TimeSpan.FromMilliseconds(50), $"timed out after {frozen.Duration}, before its deadline {deadline}");
            Assert.True(frozen.Duration - deadline <= controlOverrun + TimeSpan.FromMilliseconds(250) + (deadline / 4),
                $"frozen probe took {frozen.Duration.TotalMilliseconds:0} ms, the control at most {(deadline + controlOverrun).TotalMilliseconds:0} ms");
        }
        finally
        {
            ensemble.Members[0].Resume();
        }
    }

    public void Dispose() => _http.Dispose();
}
