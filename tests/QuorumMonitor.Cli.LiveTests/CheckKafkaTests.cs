using QuorumMonitor.Lab.Kafka;
using QuorumMonitor.Kafka;

namespace QuorumMonitor.Cli.Tests;

/// <summary><c>monitor check</c> end to end on a real Kafka protocol peer: librdkafka's mock cluster (issue 3).</summary>
public sealed class CheckKafkaTests : IDisposable
{
    private const string Topic = "events";
    private const int Partitions = 6;
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start(3);

    public CheckKafkaTests() => _kafka.CreateTopic(Topic, Partitions, 3);

    private string Config(string extra = "") => $$"""
        monitor: {deadline: 2s}
        kafka:
          - name: events
            bootstrapServers: "{{_kafka.BootstrapServers}}"
            consumerGroups: [billing]
            lag: {threshold: 30s, windowRounds: 3}
        {{extra}}
        """;

    [Fact]
    public async Task A_healthy_cluster_with_a_caught_up_idle_group_exits_0_over_rounds_longer_than_the_lag_window()
    {
        KafkaProducerLoop.ProduceBatch(_kafka.BootstrapServers, Topic, Partitions, 60);
        using (var consumer = new KafkaConsumerLoop(_kafka.BootstrapServers, "billing", Topic, Partitions))
        {
            for (var i = 0; i < 100 && consumer.Consumed < 60; i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(60, consumer.Consumed);
            await Task.Delay(300);
        }

        // Eight rounds, each with no new message and no new commit: Burrow would call this group stopped.
        var result = await CheckHarness.RunAsync(Config(), "--format", "json", "--rounds", "8", "--interval", "250ms");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Empty(result.Json.GetProperty("alerts").EnumerateArray());
        var cluster = result.Json.GetProperty("clusters")[0];
        Assert.Equal("kafka", cluster.GetProperty("kind").GetString());
        Assert.Equal("ok", cluster.GetProperty("state").GetString());
        Assert.Equal(3, cluster.GetProperty("liveBrokers").GetArrayLength());
        Assert.All(result.Members().EnumerateArray(), m => Assert.Equal("serving", m.GetProperty("state").GetString()));
        var group = cluster.GetProperty("consumerGroups")[0];
        Assert.Equal("billing", group.GetProperty("group").GetString());
        Assert.Equal("ok", group.GetProperty("status").GetString());
        Assert.Equal(0, group.GetProperty("lagMessages").GetInt64());
        Assert.Equal(0, group.GetProperty("lagSeconds").GetDouble());
        Assert.Equal(Partitions, group.GetProperty("committedPartitions").GetInt32());
        Assert.Equal(1.0, group.GetProperty("complete").GetDouble());
        Assert.Contains(cluster.GetProperty("fallbacks").EnumerateArray(), f => f.GetString()!.StartsWith("DescribeCluster not answered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broker_set_down_is_reported_by_id_and_the_partitions_it_led_are_offline_which_pages()
    {
        for (var p = 0; p < Partitions; p++)
        {
            _kafka.SetPartitionLeader(Topic, p, p < 2 ? 2 : p % 2 == 0 ? 1 : 3);
        }

        _kafka.SetBrokerDown(2);

        // Four rounds where two confirm: a cold admin client may not reach the cluster in its first round on a busy
        // machine, and this test is about what the rounds that did reach it make of a broker that is down.
        var result = await CheckHarness.RunAsync(Config(), "--format", "json", "--rounds", "4", "--interval", "250ms");

        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        var cluster = result.Json.GetProperty("clusters")[0];
        Assert.Equal("unavailable", cluster.GetProperty("state").GetString());
        Assert.Equal([2], cluster.GetProperty("downBrokers").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(2, cluster.GetProperty("offlinePartitions").GetInt32());
        Assert.Equal(["events/0", "events/1"], cluster.GetProperty("offlinePartitionNames").EnumerateArray().Select(e => e.GetString()));
        var down = result.Members().EnumerateArray().Single(m => m.GetProperty("brokerId").GetInt32() == 2);
        Assert.Equal("down", down.GetProperty("state").GetString());

        var offline = result.Alerts().Single(a => a.GetProperty("name").GetString() == "KafkaPartitionsOffline");
        Assert.Equal("page", offline.GetProperty("severity").GetString());
        Assert.Contains("broker 2", offline.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("events/0", offline.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var brokerDown = result.Alerts().Single(a => a.GetProperty("name").GetString() == "KafkaBrokerDown");
        Assert.Equal("2", brokerDown.GetProperty("labels").GetProperty("broker").GetString());
    }

    public void Dispose() => _kafka.Dispose();
}
