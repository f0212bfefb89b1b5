using QuorumMonitor.Lab.ZooKeeper;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// Seed: the paging account ran out of credit and nobody was woken. The pager answers 402 Payment Required to every
/// notification; quorum is then lost. The page still reaches Alertmanager, and AlertDeliveryFailing reaches the
/// owners through the fallback.
/// </summary>
public sealed class Paging402Drill : IDrill
{
    public string Name => "paging-402";

    public string Summary => "the pager answers 402 Payment Required during a quorum loss: AlertDeliveryFailing reaches the owners (fallback), the page Alertmanager";

    public DrillExpectation Expectation { get; } = new(
        [
            new ChannelExpectation(DrillChannels.Alertmanager, "ZooKeeperQuorumLost", 1),
            new ChannelExpectation(DrillChannels.Pager, null, 0, Refuses: true),
            new ChannelExpectation(DrillChannels.Owners, "AlertDeliveryFailing", 1),
        ],
        PagerStatus: 402);

    public async Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken) =>
        new Scenario(await DrillZooKeeper.StartAsync(lab, cancellationToken).ConfigureAwait(false));

    private sealed class Scenario(ZooKeeperEnsemble ensemble) : IDrillScenario
    {
        public string ClusterYaml => DrillZooKeeper.Yaml(ensemble);

        public IReadOnlyList<string> Clusters => [DrillZooKeeper.Cluster];

        public Task<string> InjectAsync(CancellationToken cancellationToken) =>
            Task.FromResult("pager answering HTTP 402; " + DrillZooKeeper.KillAtOnce([ensemble.Members[0], ensemble.Members[1]]));

        public Task RestoreAsync(CancellationToken cancellationToken) => DrillZooKeeper.RestartAsync(ensemble, cancellationToken);
    }
}
