namespace QuorumMonitor.Cli.Drills;

/// <summary>Seed: a consumer group stops committing while producers keep writing. One page, KafkaConsumerStalled.</summary>
public sealed class KafkaConsumerStallDrill : IDrill
{
    public string Name => "kafka-consumer-stall";

    public string Summary => "the consumer group stops consuming under a running producer: one page, KafkaConsumerStalled";

    public DrillExpectation Expectation { get; } = DrillExpectation.OnePage("KafkaConsumerStalled");

    public async Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken) =>
        new Scenario(await DrillKafka.StartAsync(lab, cancellationToken).ConfigureAwait(false));

    private sealed class Scenario(DrillKafka kafka) : IDrillScenario
    {
        public string ClusterYaml => kafka.Yaml(withGroup: true);

        public IReadOnlyList<string> Clusters => [DrillKafka.Cluster];

        public Task<string> InjectAsync(CancellationToken cancellationToken)
        {
            kafka.Consumer.Pause();
            return Task.FromResult($"consumer group {DrillKafka.Group} of {DrillKafka.Name} paused (producer still writing, {kafka.Producer.Sent} sent so far)");
        }

        public Task RestoreAsync(CancellationToken cancellationToken)
        {
            kafka.Consumer.Resume();
            return Task.CompletedTask;
        }
    }
}
