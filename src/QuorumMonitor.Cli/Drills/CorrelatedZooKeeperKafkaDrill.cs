using QuorumMonitor.Lab.ZooKeeper;

namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// Seed: quorum lost under a Kafka cluster that depends on the ensemble, whose consumer group stalls with it. One
/// page, rooted at ZooKeeperQuorumLost; the stall rides along as a muted symptom.
/// </summary>
public sealed class CorrelatedZooKeeperKafkaDrill : IDrill
{
    public string Name => "correlated-zk-kafka";

    public string Summary => "quorum loss (2 of 3 members killed) under a dependent Kafka cluster whose group stalls: one page, ZooKeeperQuorumLost";

    public DrillExpectation Expectation { get; } = DrillExpectation.OnePage("ZooKeeperQuorumLost") with { SettleSeconds = 10 };

    public async Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken)
    {
        var ensemble = await DrillZooKeeper.StartAsync(lab, cancellationToken).ConfigureAwait(false);
        return new Scenario(ensemble, await DrillKafka.StartAsync(lab, cancellationToken).ConfigureAwait(false));
    }

    private sealed class Scenario(ZooKeeperEnsemble ensemble, DrillKafka kafka) : IDrillScenario
    {
        public string ClusterYaml => DrillZooKeeper.Yaml(ensemble) + kafka.Yaml(withGroup: true, dependsOn: DrillZooKeeper.Name);

        public IReadOnlyList<string> Clusters => [DrillZooKeeper.Cluster, DrillKafka.Cluster];

        public Task<string> InjectAsync(CancellationToken cancellationToken)
        {
            kafka.Consumer.Pause();
            return Task.FromResult($"consumer group {DrillKafka.Group} paused; " + DrillZooKeeper.KillAtOnce([ensemble.Members[0], ensemble.Members[1]]));
        }

        public async Task RestoreAsync(CancellationToken cancellationToken)
        {
            kafka.Consumer.Resume();
            await DrillZooKeeper.RestartAsync(ensemble, cancellationToken).ConfigureAwait(false);
        }
    }
}
