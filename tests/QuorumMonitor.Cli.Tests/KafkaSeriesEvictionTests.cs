using System.Globalization;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Host;
using Prometheus;
using QuorumMonitor.Kafka;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 12 (fast): /metrics drops the series of what is gone: a broker the metadata unit forgot (decommissioned),
/// and a group/topic the lag unit has not reported for the grace. A lag unit that failed evicts nothing.
/// </summary>
public sealed class KafkaSeriesEvictionTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture);
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly KafkaMetrics _metrics;

    public KafkaSeriesEvictionTests() => _metrics = new KafkaMetrics(Metrics.WithCustomRegistry(_registry));

    [Fact]
    public async Task A_forgotten_broker_loses_its_series()
    {
        _metrics.Update(Observation(Start, expected: [1, 2, 3], groups: []));
        Assert.Contains("quorum_monitor_kafka_broker_up{cluster=\"events\",broker=\"3\"} 0", await ExportAsync(), StringComparison.Ordinal);

        _metrics.Update(Observation(Start.AddHours(1), expected: [1, 2], groups: []));
        var text = await ExportAsync();

        Assert.DoesNotContain("broker=\"3\"", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_broker_up{cluster=\"events\",broker=\"2\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vanished_group_loses_its_series_after_the_grace()
    {
        _metrics.Update(Observation(Start, expected: [1], groups: [Group("billing", ConsumerStatus.Warn), Group("reports", ConsumerStatus.Ok)]));
        _metrics.Update(Observation(Start.AddSeconds(5), expected: [1], groups: [Group("billing", ConsumerStatus.Stall), Group("reports", ConsumerStatus.Ok)]));
        Assert.Contains("group=\"billing\"", await ExportAsync(), StringComparison.Ordinal);

        _metrics.Update(Observation(Start + KafkaMetrics.GroupTopicGrace - TimeSpan.FromSeconds(1), expected: [1], groups: [Group("reports", ConsumerStatus.Ok)]));
        Assert.Contains("group=\"billing\"", await ExportAsync(), StringComparison.Ordinal);

        _metrics.Update(Observation(Start + KafkaMetrics.GroupTopicGrace + TimeSpan.FromSeconds(5), expected: [1], groups: [Group("reports", ConsumerStatus.Ok)]));
        var text = await ExportAsync();

        Assert.DoesNotContain("group=\"billing\"", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_consumer_lag_messages{cluster=\"events\",group=\"reports\",topic=\"events\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_lag_unit_evicts_nothing()
    {
        _metrics.Update(Observation(Start, expected: [1], groups: [Group("billing", ConsumerStatus.Ok)]));

        _metrics.Update(Observation(Start + (KafkaMetrics.GroupTopicGrace * 4), expected: [1], groups: [], lagError: "offsets unreadable"));

        Assert.Contains("group=\"billing\"", await ExportAsync(), StringComparison.Ordinal);
    }

    private async Task<string> ExportAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static KafkaGroupLag Group(string name, ConsumerStatus status) =>
        new(name, null, status, 10, 1, 1, 1, [new KafkaTopicLag("events", status, 10, 1, 1, [])]);

    private static KafkaClusterObservation Observation(DateTimeOffset at, int[] expected, KafkaGroupLag[] groups, string? lagError = null)
    {
        var live = expected.Where(id => id != 3).ToList();
        var metadata = new KafkaMetadataResult
        {
            UnitId = "metadata",
            At = at,
            Duration = TimeSpan.FromMilliseconds(5),
            Metadata = new KafkaMetadataSnapshot([.. live.Select(id => new KafkaBroker(id, "127.0.0.1", 9090 + id))], []),
            ExpectedBrokerIds = expected,
        };
        var lag = new KafkaLagResult { UnitId = "lag", At = at, Duration = TimeSpan.FromMilliseconds(5), Groups = lagError is null ? groups : [], Error = lagError };
        return new KafkaClusterObservation(new ClusterRef(KafkaKind.KindName, "events"), at, new KafkaClusterSettings(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), []), metadata, null, lag, []);
    }
}
