using Microsoft.Extensions.DependencyInjection;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.Runtime;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper.Config;
using QuorumMonitor.Host;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.ZooKeeper.Probes;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>
/// The probes as the runtime builds them from config: the AdminServer client follows no redirect, and declared
/// observers reach the model. Scripted peers on loopback, no ZooKeeper process.
/// </summary>
public sealed class ZooKeeperRuntimeWiringTests
{
    [Fact]
    public async Task Engine_probes_follow_no_redirect_and_carry_declared_observers()
    {
        await using var member = new ScriptedZooKeeperMember(new Dictionary<string, string>
        {
            ["srvr"] = ScriptedZooKeeperMember.Srvr(mode: "leader"),
            ["mntr"] = "mntr is not executed because it is not in the whitelist.\n",
        });
        await using var admin = new ScriptedAdminServer(AdminServerBehaviour.Redirect);
        var downObserver = new HostPort("127.0.0.1", new FreePorts().Next());
        var config = new MonitorConfig
        {
            Monitor = new MonitorSettings { Deadline = TimeSpan.FromSeconds(5) },
        }.WithZooKeeper(
            [
                new ZooKeeperClusterConfig
                {
                    Name = "wired",
                    Servers = [member.Address, downObserver],
                    AdminUrls = [admin.Url, new Uri("http://127.0.0.1:1/")],
                    Observers = [downObserver],
                    SessionCheck = false,
                },
            ]);
        await using var services = new ServiceCollection().AddQuorumMonitor(config).AddKinds(MonitorKinds.All).Services.BuildServiceProvider();
        var monitor = Assert.Single(services.GetServices<IClusterMonitor>());
        var runner = new ProbeUnitRunner(TimeProvider.System);

        var results = new List<ProbeResult?>();
        foreach (var unit in monitor.Units)
        {
            results.Add(await runner.RunAsync(unit, CancellationToken.None));
        }

        var ensemble = (ZooKeeperEnsembleObservation)monitor.Assemble(results, DateTimeOffset.UtcNow);
        var leader = ensemble.Members[0];
        Assert.Equal(ZooKeeperMemberState.Serving, leader.State);
        Assert.Contains("HTTP 302", Assert.Single(leader.Problems), StringComparison.Ordinal);
        Assert.Equal(1, admin.Requests);

        var observer = ensemble.Members[1];
        Assert.Equal(ZooKeeperMemberState.Refused, observer.State);
        Assert.True(observer.DeclaredObserver);
        Assert.Equal(1, ensemble.Voters);
        Assert.True(ensemble.HasQuorum);
    }
}
