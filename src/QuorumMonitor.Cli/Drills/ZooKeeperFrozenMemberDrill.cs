using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Probes.FourLetterWords;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// Seed: a member that hangs (a GC pause, a stuck disk) rather than dies: its port accepts, nothing answers. A
/// follower is SIGSTOPped for well past the probe deadline: quorum holds (2 of 3), the monitor warns once. A follower,
/// so that no election (and no brief quorum loss) follows.
/// </summary>
public sealed class ZooKeeperFrozenMemberDrill : IDrill
{
    public string Name => "zk-frozen-member";

    public string Summary => "SIGSTOP one follower past the deadline (quorum kept): one warning, ZooKeeperNoFaultTolerance";

    public DrillExpectation Expectation { get; } = DrillExpectation.OnePage("ZooKeeperNoFaultTolerance");

    public async Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken) =>
        new Scenario(await DrillZooKeeper.StartAsync(lab, cancellationToken).ConfigureAwait(false));

    private sealed class Scenario(ZooKeeperEnsemble ensemble) : IDrillScenario
    {
        private ZooKeeperNode? _frozen;

        public string ClusterYaml => DrillZooKeeper.Yaml(ensemble);

        public IReadOnlyList<string> Clusters => [DrillZooKeeper.Cluster];

        public async Task<string> InjectAsync(CancellationToken cancellationToken)
        {
            foreach (var m in ensemble.Members)
            {
                using var ask = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                ask.CancelAfter(TimeSpan.FromSeconds(2));
                if (SrvrAnswer.Parse(await FourLetterWordClient.AskAsync(m.Address, "srvr", ask.Token).ConfigureAwait(false)).Role == ZooKeeperRole.Follower)
                {
                    var pid = m.Pid;
                    m.Freeze();
                    _frozen = m;
                    return $"SIGSTOP to {DrillZooKeeper.Name} member {m.Id} (pid {pid}), a follower";
                }
            }

            throw new InvalidOperationException("no member answers srvr as a follower");
        }

        public Task RestoreAsync(CancellationToken cancellationToken)
        {
            _frozen?.Resume();
            return Task.CompletedTask;
        }
    }
}
