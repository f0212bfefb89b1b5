using QuorumMonitor.Lab.ZooKeeper;

namespace QuorumMonitor.Cli.Drills;

/// <summary>Seed: two of three ZooKeeper members restarted at once (a rolling restart done wrong). One page, quorum lost.</summary>
public sealed class ZooKeeperTwoRestartsDrill : IDrill
{
    public string Name => "zk-two-restarts";

    public string Summary => "2 of 3 ZooKeeper members SIGKILLed at once, then restarted: one page, ZooKeeperQuorumLost";

    public DrillExpectation Expectation { get; } = DrillExpectation.OnePage("ZooKeeperQuorumLost");

    public async Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken) =>
        new Scenario(await DrillZooKeeper.StartAsync(lab, cancellationToken).ConfigureAwait(false));

    private sealed class Scenario(ZooKeeperEnsemble ensemble) : IDrillScenario
    {
        public string ClusterYaml => DrillZooKeeper.Yaml(ensemble);

        public IReadOnlyList<string> Clusters => [DrillZooKeeper.Cluster];

        public Task<string> InjectAsync(CancellationToken cancellationToken) =>
            Task.FromResult(DrillZooKeeper.KillAtOnce([ensemble.Members[0], ensemble.Members[1]]));

        public Task RestoreAsync(CancellationToken cancellationToken) => DrillZooKeeper.RestartAsync(ensemble, cancellationToken);
    }
}
