using QuorumMonitor.Core.Config;
namespace QuorumMonitor.Kafka.Config;

/// <summary>One <c>kafka:</c> entry: a cluster, the groups whose lag matters and how to read its brokers' NICs.</summary>
public sealed record KafkaClusterConfig
{
    public required string Name { get; init; }

    /// <summary>Comma-separated <c>host:port</c> list, passed to the Kafka client as it is.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Names of clusters this one needs (its ZooKeeper ensemble); the correlation work reads them.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Groups to watch; more are discovered where the brokers answer ListGroups.</summary>
    public IReadOnlyList<KafkaConsumerGroupConfig> ConsumerGroups { get; init; } = [];

    public KafkaLagConfig Lag { get; init; } = new();

    public KafkaNetworkConfig? Network { get; init; }

    /// <summary>SASL/TLS client properties, handed to the Kafka client and never written anywhere.</summary>
    public KafkaSecurityConfig Security { get; init; } = KafkaSecurityConfig.None;

    public TimeSpan? Deadline { get; init; }

    /// <summary>
    /// A broker neither in metadata nor a replica of any partition for this long has been decommissioned and is no
    /// longer expected (no more KafkaBrokerDown for it). Brokers under <c>network.brokers</c> are always expected.
    /// </summary>
    public TimeSpan ForgetBrokersAfter { get; init; } = DefaultForgetBrokersAfter;

    public static TimeSpan DefaultForgetBrokersAfter => TimeSpan.FromHours(1);

    /// <summary>
    /// The brokers' <c>min.insync.replicas</c> as restart permits judge it: a broker may not go down while it is one of
    /// only this many in-sync replicas of a partition (acks=all producers would fail). The monitor does not read it
    /// from the brokers (DescribeConfigs); 1, Kafka's default, when not configured.
    /// </summary>
    public int MinInsyncReplicas { get; init; } = DefaultMinInsyncReplicas;

    public const int DefaultMinInsyncReplicas = 1;
}
