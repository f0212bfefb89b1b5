namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// Seed: a broker advertising a host name nobody can resolve (a wrong <c>advertised.listeners</c>): clients bootstrap,
/// then cannot reach it. The mock advertises the bad name in its real metadata. One page, KafkaBrokerUnresolvable.
/// </summary>
public sealed class KafkaUnresolvableHostDrill : IDrill
{
    private const int Broker = 2;

    /// <summary>Under <c>.invalid</c> (RFC 2606): it never resolves, here or anywhere.</summary>
    private const string BadHost = "kafka-2.drill.invalid";

    public string Name => "kafka-unresolvable-host";

    public string Summary => $"broker {Broker} starts advertising {BadHost} in metadata: one page, KafkaBrokerUnresolvable";

    public DrillExpectation Expectation { get; } = DrillExpectation.OnePage("KafkaBrokerUnresolvable");

    public async Task<IDrillScenario> SetUpAsync(DrillLab lab, CancellationToken cancellationToken) =>
        new Scenario(await DrillKafka.StartAsync(lab, cancellationToken).ConfigureAwait(false));

    private sealed class Scenario(DrillKafka kafka) : IDrillScenario
    {
        private readonly int _port = kafka.PortOf(Broker);

        public string ClusterYaml => kafka.Yaml(withGroup: false);

        public IReadOnlyList<string> Clusters => [DrillKafka.Cluster];

        public Task<string> InjectAsync(CancellationToken cancellationToken)
        {
            kafka.Mock.SetBrokerAdvertised(Broker, BadHost, _port);
            return Task.FromResult($"broker {Broker} of {DrillKafka.Name} advertises {BadHost}:{_port}");
        }

        public Task RestoreAsync(CancellationToken cancellationToken)
        {
            kafka.Mock.SetBrokerAdvertised(Broker, "127.0.0.1", _port);
            return Task.CompletedTask;
        }
    }
}
