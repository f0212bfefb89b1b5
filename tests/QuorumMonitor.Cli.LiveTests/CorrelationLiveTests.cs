using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Kafka;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.Host;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.Kafka;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 5, must-show 7: a real 3-member ensemble loses quorum while a Kafka cluster declared dependent on it (the
/// librdkafka mock, a real protocol peer) has a group that stopped consuming under a running producer; one
/// <c>monitor check</c> prints one incident, rooted at the quorum loss, with the stall among its symptoms.
/// </summary>
public sealed class CorrelationLiveTests : IDisposable
{
    private const string Topic = "events";
    private const string Group = "billing";
    private const int Partitions = 6;
    private const string QuorumLostKey = "ZooKeeperQuorumLost{zookeeper/zk-realtime}";
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    [Fact]
    public async Task Quorum_lost_and_a_stalled_group_on_a_dependent_kafka_cluster_print_one_incident_rooted_at_the_quorum_loss()
    {
        await using var world = await World.StartAsync(_ports, _dir, "correlation");
        var (zk, kafka, producer, consumer) = (world.Zk, world.Kafka, world.Producer, world.Consumer);

        // The consumers lose their coordination and stop while producers keep writing; two members die together.
        consumer.Pause();
        Parallel.ForEach(zk.Members.Take(2), m => m.Kill());
        await Task.Delay(300);

        var config = $$"""
            monitor: {deadline: 1s}
            zookeeper:
            {{zk.ToYaml("zk-realtime")}}kafka:
              - name: events
                bootstrapServers: "{{kafka.BootstrapServers}}"
                dependsOn: [zk-realtime]
                consumerGroups: [{{Group}}]
                lag: {threshold: 5m, windowRounds: 3}
            """;

        // Three rounds fill the lag window, two more confirm the stall; the rest is margin for a slow machine.
        var result = await CheckHarness.RunAsync(config, "--format", "json", "--rounds", "8", "--interval", "500ms");

        Assert.True(result.ExitCode == 2, result.Stdout + result.Stderr);
        Assert.True(producer.Sent > 0, "the producer wrote nothing during the outage");
        var stalled = Assert.Single(result.Alerts(), a => a.GetProperty("name").GetString() == "KafkaConsumerStalled");
        Assert.Equal(Group, stalled.GetProperty("labels").GetProperty("group").GetString());
        Assert.Equal(QuorumLostKey, stalled.GetProperty("causedBy").GetString());

        var incident = Assert.Single(result.Json.GetProperty("incidents").EnumerateArray());
        Assert.Equal("page", incident.GetProperty("severity").GetString());
        Assert.Equal("ZooKeeperQuorumLost", incident.GetProperty("rootCause").GetProperty("name").GetString());
        var symptoms = incident.GetProperty("symptoms").EnumerateArray().ToList();
        Assert.Contains(symptoms, s => s.GetProperty("name").GetString() == "KafkaConsumerStalled"
            && s.GetProperty("labels").GetProperty("group").GetString() == Group);
        Assert.Equal(2, symptoms.Count(s => s.GetProperty("name").GetString() == "ZooKeeperMemberDown"));
        Assert.Equal(["zookeeper/zk-realtime", "kafka/events"], incident.GetProperty("clusters").EnumerateArray().Select(c => c.GetString()));
        Assert.All(result.Alerts().Where(a => a.GetProperty("name").GetString() != "ZooKeeperQuorumLost"),
            a => Assert.Equal(QuorumLostKey, a.GetProperty("causedBy").GetString()));
    }

    /// <summary>Issue 7, must-show 4: triage of that incident against a running monitor names the root cause and the dependent symptoms.</summary>
    [Fact]
    public async Task Triage_of_the_quorum_loss_names_the_root_cause_and_the_dependent_kafka_symptom()
    {
        await using var world = await World.StartAsync(_ports, _dir, "triage-dep");
        var (zk, kafka, consumer) = (world.Zk, world.Kafka, world.Consumer);

        var config = MonitorKinds.Config.Parse($$"""
            monitor: {interval: 500ms, deadline: 400ms}
            zookeeper:
            {{zk.ToYaml("zk-realtime")}}kafka:
              - name: events
                bootstrapServers: "{{kafka.BootstrapServers}}"
                dependsOn: [zk-realtime]
                consumerGroups: [{{Group}}]
                lag: {threshold: 5m, windowRounds: 3}
            """);
        var url = $"http://127.0.0.1:{_ports.Next()}";
        await using var app = QuorumMonitor.Host.MonitorWebApp.Build(config, [url]);
        await app.StartAsync();
        consumer.Pause();
        Parallel.ForEach(zk.Members.Take(2), m => m.Kill());

        using var http = new HttpClient();
        var seen = false;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!seen && DateTime.UtcNow < until)
        {
            await Task.Delay(250);
            var incidents = await http.GetStringAsync($"{url}/api/v1/incidents");
            seen = incidents.Contains("KafkaConsumerStalled", StringComparison.Ordinal) && incidents.Contains("\"name\": \"ZooKeeperQuorumLost\"", StringComparison.Ordinal);
        }

        Assert.True(seen, "the running monitor never correlated the stall with the quorum loss");
        var triage = await CheckHarness.RunArgsAsync(["triage", "--url", url]);

        Assert.Equal(2, triage.ExitCode);
        Assert.Contains("ROOT CAUSE\n  ZooKeeperQuorumLost{zookeeper/zk-realtime}", triage.Stdout, StringComparison.Ordinal);
        Assert.Contains("KafkaConsumerStalled{kafka/events,group=billing,topic=events}", triage.Stdout, StringComparison.Ordinal);
        Assert.Contains("muted: they do not page on their own", triage.Stdout, StringComparison.Ordinal);
        Assert.Contains("CHECK NEXT", triage.Stdout, StringComparison.Ordinal);
        // One incident for the clusters; on a loaded machine the monitor's own (MonitorOverloaded, root cause of kind
        // monitor) may be listed beside it, and is not counted.
        var clusterIncident = Assert.Single(IncidentBlocks(triage.Stdout), b => !Regex.IsMatch(b, "ROOT CAUSE\n  [A-Za-z]+\\{monitor/"));
        Assert.Contains("ROOT CAUSE\n  ZooKeeperQuorumLost{zookeeper/zk-realtime}", clusterIncident, StringComparison.Ordinal);
        Assert.Contains("KafkaConsumerStalled{kafka/events,group=billing,topic=events}", clusterIncident, StringComparison.Ordinal);
    }

    /// <summary>Triage's text cut into one block per incident, each from its <c>INCIDENT</c> line.</summary>
    private static List<string> IncidentBlocks(string triage)
    {
        var blocks = new List<string>();
        foreach (var line in triage.Split('\n'))
        {
            if (line.StartsWith("INCIDENT ", StringComparison.Ordinal))
            {
                blocks.Add("");
            }

            if (blocks.Count > 0)
            {
                blocks[^1] += line + "\n";
            }
        }

        return blocks;
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A healthy ensemble and a dependent Kafka cluster with a producer and a consumer that has caught up.</summary>
    private sealed record World(ZooKeeperEnsemble Zk, MockKafkaCluster Kafka, KafkaProducerLoop Producer, KafkaConsumerLoop Consumer) : IAsyncDisposable
    {
        public static async Task<World> StartAsync(FreePorts ports, LabDirectory dir, string name)
        {
            var zk = ZooKeeperEnsemble.Start(3, ports, dir, name);
            var kafka = MockKafkaCluster.Start(3);
            kafka.CreateTopic(Topic, Partitions, 3);
            var world = new World(zk, kafka,
                new KafkaProducerLoop(kafka.BootstrapServers, Topic, Partitions, TimeSpan.FromMilliseconds(20)),
                new KafkaConsumerLoop(kafka.BootstrapServers, Group, Topic, Partitions));
            await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
            for (var i = 0; i < 100 && world.Consumer.Consumed < 5 * Partitions; i++)
            {
                await Task.Delay(100);
            }

            Assert.True(world.Consumer.Consumed >= 5 * Partitions, $"the consumer read {world.Consumer.Consumed} messages before the outage");
            return world;
        }

        public async ValueTask DisposeAsync()
        {
            Consumer.Dispose();
            await Producer.DisposeAsync();
            Kafka.Dispose();
            Zk.Dispose();
        }
    }
}
