using Microsoft.Extensions.Logging.Abstractions;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Lab.Kafka;
using QuorumMonitor.Kafka.Probes.Client;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.Host;
using QuorumMonitor.Kafka;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// A broker advertising a host name that does not resolve. The mock cluster always advertises 127.0.0.1, so the real
/// metadata is passed through a seam that rewrites one broker's advertised host, as a misconfigured
/// <c>advertised.listeners</c> would.
/// </summary>
public sealed class AdvertisedEndpointTests : IDisposable
{
    private const string BadHost = "kafka-2.broken.invalid";
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start(3);

    [Fact]
    public async Task A_broker_advertising_an_unresolvable_name_is_a_page_naming_the_broker_and_the_host()
    {
        _kafka.CreateTopic("events", 3, 3);
        var yaml = $$"""
            monitor: {deadline: 2s, confirmRounds: 2}
            kafka:
              - name: events
                bootstrapServers: "{{_kafka.BootstrapServers}}"
            """;
        using var monitor = new MonitorHarness(yaml, replaceCluster: sp =>
        {
            var config = MonitorKinds.Config.Parse(yaml);
            var real = new ConfluentKafkaAdmin(config.Kafka[0], NullLogger<ConfluentKafkaAdmin>.Instance);
            return new KafkaClusterMonitor(config.Kafka[0], config.Monitor, new AdvertisingAdmin(real, 2, BadHost), null, TimeProvider.System);
        });

        // A cold admin client's first connection may take longer than one deadline on a busy machine; this test is
        // about what a connected client makes of a broker's advertised name. confirmRounds is 2: the page fires in the
        // second round that reached the cluster.
        var reachedIn = 0;
        for (var round = 1; round <= 10 && reachedIn == 0; round++)
        {
            await monitor.RoundAsync();
            reachedIn = monitor.Latest?.Reachable == true ? round : 0;
        }

        Assert.True(reachedIn > 0, "the cluster was not reached in 10 rounds");
        await monitor.RoundAsync();

        var page = monitor.Firing(KafkaBrokerUnresolvableRule.AlertName);
        Assert.NotNull(page);
        Assert.Equal(reachedIn + 1, monitor.FiredInRound(KafkaBrokerUnresolvableRule.AlertName));
        Assert.Equal(Severity.Page, page.Severity);
        Assert.Equal("2", page.Labels["broker"]);
        Assert.Contains("broker 2", page.Summary, StringComparison.Ordinal);
        Assert.Contains(BadHost, page.Summary, StringComparison.Ordinal);

        var report = monitor.Runtime.Report().Clusters.Single();
        Assert.Equal("unresolvable", report.Members.Single(m => m.Address.StartsWith(BadHost, StringComparison.Ordinal)).State);
        Assert.Equal(2, report.Members.Count(m => m.State == "serving"));
        Assert.Null(monitor.Firing(KafkaBrokerUnreachableRule.AlertName));
    }

    public void Dispose() => _kafka.Dispose();

    /// <summary>Real metadata from the real cluster, with one broker's advertised host replaced.</summary>
    private sealed class AdvertisingAdmin(IKafkaAdmin inner, int brokerId, string host) : IKafkaAdmin, IDisposable
    {
        public KafkaMetadataSnapshot GetMetadata(TimeSpan timeout)
        {
            var real = inner.GetMetadata(timeout);
            return real with { Brokers = real.Brokers.Select(b => b.Id == brokerId ? b with { Host = host } : b).ToList() };
        }

        public Task<int?> DescribeControllerAsync(TimeSpan timeout, CancellationToken cancellationToken) => inner.DescribeControllerAsync(timeout, cancellationToken);

        public Task<IReadOnlyList<string>> ListGroupsAsync(TimeSpan timeout, CancellationToken cancellationToken) => inner.ListGroupsAsync(timeout, cancellationToken);

        public Task<IReadOnlyList<CommittedOffset>> ListCommittedAsync(string group, IReadOnlyList<TopicPartitionKey> partitions, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.ListCommittedAsync(group, partitions, timeout, cancellationToken);

        public Task<IReadOnlyDictionary<TopicPartitionKey, long>> ListLogEndsAsync(IReadOnlyList<TopicPartitionKey> partitions, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.ListLogEndsAsync(partitions, timeout, cancellationToken);

        public Task<IReadOnlyDictionary<CommittedOffset, RecordTimestamp>> ReadTimestampsAsync(IReadOnlyList<CommittedOffset> positions, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.ReadTimestampsAsync(positions, timeout, cancellationToken);

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
