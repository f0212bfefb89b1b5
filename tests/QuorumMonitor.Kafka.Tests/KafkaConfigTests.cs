using QuorumMonitor.Core.Config;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Kafka;

namespace QuorumMonitor.Kafka.Tests;

public class KafkaConfigTests
{
    private const string Valid = """
        zookeeper:
          - name: zk-realtime
            servers: ["127.0.0.1:2181"]
        kafka:
          - name: events
            bootstrapServers: "127.0.0.1:9092,127.0.0.1:9093"
            dependsOn: [zk-realtime]
            consumerGroups: ["billing", {name: reports, sink: metrics-db}]
            lag: {threshold: 2m, windowRounds: 6, discoverGroups: false, seriesGrace: 30s, maxGroups: 20, maxTopicsPerGroup: 5}
            network:
              capacityMbps: 1000
              threshold: 0.75
              device: ens5
              horizon: 3d
              brokers: {"1": "http://10.0.0.1:9100/metrics", "2": "http://10.0.0.2:9100/metrics"}
            security:
              security.protocol: SASL_SSL
              sasl.mechanism: PLAIN
              sasl.username: monitor
              sasl.password: hunter2-secret
        """;

    [Fact]
    public void A_full_kafka_entry_is_read_with_every_field()
    {
        var k = Assert.Single(MonitorKinds.Config.Parse(Valid).Kafka);

        Assert.Equal("events", k.Name);
        Assert.Equal("127.0.0.1:9092,127.0.0.1:9093", k.BootstrapServers);
        Assert.Equal(["zk-realtime"], k.DependsOn);
        Assert.Equal([new KafkaConsumerGroupConfig("billing"), new KafkaConsumerGroupConfig("reports", "metrics-db")], k.ConsumerGroups);
        Assert.Equal(TimeSpan.FromMinutes(2), k.Lag.Threshold);
        Assert.Equal(6, k.Lag.WindowRounds);
        Assert.False(k.Lag.DiscoverGroups);
        Assert.Equal((TimeSpan.FromSeconds(30), 20, 5), (k.Lag.SeriesGrace, k.Lag.MaxGroups, k.Lag.MaxTopicsPerGroup));
        var n = k.Network!;
        Assert.Equal(1000 * 125_000, n.CapacityBytesPerSecond);
        Assert.Equal(0.75, n.Threshold);
        Assert.Equal("ens5", n.Device);
        Assert.Equal(TimeSpan.FromDays(3), n.Horizon);
        Assert.Equal("http://10.0.0.2:9100/metrics", n.Brokers[2]);
        Assert.Null(n.PrometheusUrl);
        Assert.Equal("PLAIN", k.Security.Properties["sasl.mechanism"]);
    }

    [Fact]
    public void Security_values_never_appear_in_text_about_the_config()
    {
        var k = MonitorKinds.Config.Parse(Valid).Kafka[0];

        Assert.DoesNotContain("hunter2", k.Security.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", k.ToString(), StringComparison.Ordinal);
        var bad = Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse(Valid.Replace("sasl.username", "sasl.usernme", StringComparison.Ordinal) + "    typo: 1\n"));
        Assert.DoesNotContain("hunter2", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_prometheus_url_broker_values_are_instance_labels()
    {
        var k = MonitorKinds.Config.Parse("""
            kafka:
              - name: events
                bootstrapServers: "127.0.0.1:9092"
                network:
                  prometheusUrl: "http://prometheus:9090"
                  brokers: {"1": "10.0.0.1:9100"}
            """).Kafka[0];

        Assert.Equal(new Uri("http://prometheus:9090"), k.Network!.PrometheusUrl);
        Assert.Equal("10.0.0.1:9100", k.Network.Brokers[1]);
        Assert.Null(k.Network.CapacityMbps);
        Assert.Equal(0.8, k.Network.Threshold);
        Assert.Equal(TimeSpan.FromDays(7), k.Network.Horizon);
    }

    public static TheoryData<string, string, string> BadConfigs => new()
    {
        { "kafka:\n  - name: k\n", "kafka[0].bootstrapServers", "is required" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"localhost\"\n", "kafka[0].bootstrapServers", "not host:port" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    dependsOn: [zk-nowhere]\n", "kafka[0].dependsOn", "'zk-nowhere' is not the name of a configured cluster" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    consumerGroups: [{name: g, sink: \"bad name!\"}]\n", "kafka[0].consumerGroups[0].sink", "not a cluster name" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    consumerGroups: [{sink: db}]\n", "kafka[0].consumerGroups[0].name", "is required" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    consumerGroups: [g, g]\n", "kafka[0].consumerGroups[1]", "listed twice" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    consumerGroups: [[a]]\n", "kafka[0].consumerGroups[0]", "group name or a mapping" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    network: {capacityMbps: 100}\n", "kafka[0].network.brokers", "is required" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    network: {brokers: {one: \"http://n:9100/metrics\"}}\n", "kafka[0].network.brokers.one", "not a broker id" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    network: {brokers: {\"1\": \"n:9100\"}}\n", "kafka[0].network.brokers.1", "not an http(s) URL" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    network: {threshold: 1.5, brokers: {}}\n", "kafka[0].network.threshold", "from 0.01 to 1" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    security: {bootstrap.servers: x}\n", "kafka[0].security.bootstrap.servers", "only security.protocol" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    lag: {windowRounds: 1}\n", "kafka[0].lag.windowRounds", "from 3 to 100" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    lag: {maxGroups: 0}\n", "kafka[0].lag.maxGroups", "from 1 to 100000" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    lag: {maxTopicsPerGroup: -3}\n", "kafka[0].lag.maxTopicsPerGroup", "from 1 to 100000" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    lag: {seriesGrace: 10 minutes}\n", "kafka[0].lag.seriesGrace", "" },
        { "kafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n    bootstrap: x\n", "kafka[0].bootstrap", "unknown key" },
        { "zookeeper:\n  - name: k\n    servers: [\"h:1\"]\nkafka:\n  - name: k\n    bootstrapServers: \"h:1\"\n", "kafka[0].name", "used by another cluster" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Bad_kafka_config_names_the_field(string yaml, string path, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse(yaml));
        Assert.Contains(ex.Errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_kafka_only_config_is_valid_and_dependsOn_may_name_a_cluster_defined_later_in_the_file()
    {
        var config = MonitorKinds.Config.Parse("""
            kafka:
              - name: events
                bootstrapServers: "127.0.0.1:9092"
                dependsOn: [zk-later]
            zookeeper:
              - name: zk-later
                servers: ["127.0.0.1:2181"]
            """);

        Assert.Equal(2, config.ClusterCount);
    }
}
