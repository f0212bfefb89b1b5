using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Runtime;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Host;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.Kafka;
using QuorumMonitor.MySql;

namespace QuorumMonitor.Incidents.Tests.Seeds;

/// <summary>
/// The estate behind the seed outages, declared the way an operator would: a ZooKeeper ensemble, a Kafka cluster
/// that needs it with a real-time group and a billing group writing into a MySQL pair. Config goes through
/// <see cref="ConfigLoader"/>, the topology through <see cref="TopologyBuilder"/>, and rules and correlation windows
/// are what <c>AddQuorumMonitor</c> registers for this config: the path <c>monitor run</c> takes, minus the network.
/// </summary>
internal sealed class SeedDeployment
{
    public const string ZooKeeperName = "zk-realtime";
    public const string KafkaName = "events";
    public const string MySqlName = "metrics-db";
    public const string RealtimeGroup = "realtime";
    public const string BillingGroup = "billing";

    public const string Yaml = """
        monitor:
          interval: 5s
          deadline: 2s
        zookeeper:
          - name: zk-realtime
            servers: ["10.0.0.1:2181", "10.0.0.2:2181", "10.0.0.3:2181"]
        mysql:
          - name: metrics-db
            instances:
              - name: primary
                role: primary
                connectionString: "Server=10.0.1.1;Port=3306;User ID=monitor"
              - name: replica-1
                role: replica
                connectionString: "Server=10.0.1.2;Port=3306;User ID=monitor"
        kafka:
          - name: events
            bootstrapServers: "10.0.2.1:9092,10.0.2.2:9092,10.0.2.3:9092"
            dependsOn: [zk-realtime]
            consumerGroups:
              - realtime
              - {name: billing, sink: metrics-db}
            lag: {threshold: 30s}
            network:
              capacityMbps: 1000
              brokers: {"1": "http://10.0.2.1:9100/metrics", "2": "http://10.0.2.2:9100/metrics", "3": "http://10.0.2.3:9100/metrics"}
        """;

    public SeedDeployment()
    {
        Config = MonitorKinds.Config.Parse(Yaml);
        Topology = TopologyBuilder.From(Config);
        using var services = new ServiceCollection().AddQuorumMonitor(Config).AddKinds(MonitorKinds.All).Services.BuildServiceProvider();
        Rules = services.GetServices<IRule>().ToList();
        Options = services.GetRequiredService<CorrelationOptions>();
        Timing = services.GetRequiredService<AlertTiming>();
        ZooKeeper = new SimulatedZooKeeper(Config.ZooKeeper.Single(), Clock);
        MySql = new SimulatedMySql(Config.MySql.Single(), Clock);
        Kafka = new SimulatedKafka(Config.Kafka.Single(), Config.Monitor.Deadline, Clock);
    }

    public MonitorConfig Config { get; }

    public Topology Topology { get; }

    public IReadOnlyList<IRule> Rules { get; }

    /// <summary>The correlation windows the runtime derives from this config (start-up hold: one confirmation window).</summary>
    public CorrelationOptions Options { get; }

    public AlertTiming Timing { get; }

    public TimeSpan Interval => Config.Monitor.Interval;

    /// <summary>Wall-clock time of the estate, shared by every monitor that watches it (before and after a restart).</summary>
    public FakeTimeProvider Clock { get; } = new(Scenario.Start);

    public SimulatedZooKeeper ZooKeeper { get; }

    public SimulatedMySql MySql { get; }

    public SimulatedKafka Kafka { get; }

    /// <summary>A monitor starting now: fresh rule evaluator, incident tracker and common-cause detector.</summary>
    public Scenario StartMonitor(CorrelationOptions? options = null) => new(Rules, Topology, options ?? Options, Timing, Clock);

    /// <summary>What every cluster's probes report this round.</summary>
    public ClusterObservation[] ObserveAll() => [ZooKeeper.Observe(), MySql.Observe(), Kafka.Observe()];

    /// <summary>Rounds at the configured interval, every cluster observed, for <paramref name="duration"/>.</summary>
    public void Run(Scenario monitor, TimeSpan duration)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Interval)
        {
            monitor.Round(Interval, ObserveAll());
        }
    }
}
