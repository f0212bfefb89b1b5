using System.Diagnostics;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Lab.Kafka;
using QuorumMonitor.Lab.Timing;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.Kafka;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>The long-lived admin client must not hide a cluster that dies under it, nor let it stall a round.</summary>
public sealed class ClusterDownTests : IDisposable
{
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start(3);

    [Fact]
    public async Task A_cluster_whose_brokers_all_go_down_pages_as_unreachable_within_the_unit_deadlines()
    {
        _kafka.CreateTopic("events", 3, 3);
        using var monitor = new MonitorHarness($$"""
            monitor: {deadline: 1s, confirmRounds: 2}
            kafka:
              - name: events
                bootstrapServers: "{{_kafka.BootstrapServers}}"
                consumerGroups: [billing]
            """);
        // A cold admin client's first connection may take longer than one deadline on a busy machine; this test is
        // about a cluster dying under a client that is already connected.
        for (var warmup = 0; warmup < 10 && monitor.Latest?.Reachable != true; warmup++)
        {
            await monitor.RoundAsync();
        }

        Assert.True(monitor.Latest!.Reachable, System.Text.Json.JsonSerializer.Serialize(monitor.Latest.ToReport()));

        for (var id = 1; id <= 3; id++)
        {
            _kafka.SetBrokerDown(id);
        }

        var deadline = monitor.Config.Monitor.Deadline;
        var slowest = TimeSpan.Zero;
        var control = DeadlineControl.Start(deadline);
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            await monitor.RoundAsync();
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
        }

        var controlOverrun = await control.StopAsync();

        var page = monitor.Firing(KafkaClusterUnreachableRule.AlertName);
        Assert.NotNull(page);
        Assert.Equal(Severity.Page, page.Severity);
        Assert.Contains("expected brokers 1, 2, 3", page.Summary, StringComparison.Ordinal);
        Assert.Equal("unavailable", monitor.Runtime.Report().Clusters.Single().State);

        // One deadline (1 s) plus the runner's grace per round, whatever librdkafka does with its connections (its own
        // timeouts are tens of seconds). How late this process's timers fire under load is measured by an in-process
        // unit with the same deadline hung meanwhile, and is not the round's: it comes on top of the same 1.5 s allowance.
        Assert.True(slowest - deadline < controlOverrun + TimeSpan.FromSeconds(1.5),
            $"a round took {slowest.TotalSeconds:0.0} s, the control overran its {deadline.TotalSeconds:0} s deadline by {controlOverrun.TotalSeconds:0.0} s");
    }

    public void Dispose() => _kafka.Dispose();
}
