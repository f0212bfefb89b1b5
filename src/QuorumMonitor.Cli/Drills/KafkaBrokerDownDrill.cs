namespace QuorumMonitor.Cli.Drills;

/// <summary>Seed: one Kafka broker gone from a 3-broker cluster. One incident, rooted at KafkaBrokerDown (it explains the under-replicated partitions).</summary>
public sealed class KafkaBrokerDownDrill : IDrill
{
    private const int Broker = 3;

    public string Name => "kafka-broker-down";

    public string Summary => "one of 3 Kafka brokers goes down (leaves metadata, closes connections): one incident, KafkaBrokerDown";

    public DrillExpectation Expectation { get; } = DrillExpectation.OnePage("KafkaBrokerDown");

    public async Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken) =>
        new Scenario(await DrillKafka.StartAsync(lab, cancellationToken).ConfigureAwait(false));

    private sealed class Scenario(DrillKafka kafka) : IDrillScenario
    {
        public string ClusterYaml => kafka.Yaml(withGroup: false);

        public IReadOnlyList<string> Clusters => [DrillKafka.Cluster];

        public Task<string> InjectAsync(CancellationToken cancellationToken)
        {
            kafka.Mock.SetBrokerDown(Broker);
            return Task.FromResult($"broker {Broker} of {DrillKafka.Name} set down");
        }

        public Task RestoreAsync(CancellationToken cancellationToken)
        {
            kafka.Mock.SetBrokerUp(Broker);
            return Task.CompletedTask;
        }
    }
}
