using System.Globalization;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Kafka.Config;
using Prometheus;
using QuorumMonitor.Kafka;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// Issues 12 and 14 (fast): /metrics drops the series of what is gone: a broker the metadata unit forgot
/// (decommissioned), a group/topic the lag unit has not reported for <c>lag.seriesGrace</c>, a broker's NIC series while
/// its source fails; a lag unit that failed evicts nothing; <c>lag.maxGroups</c> / <c>lag.maxTopicsPerGroup</c> bound
/// the lag series and say how much they cut.
/// </summary>
public sealed class KafkaSeriesEvictionTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture);
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private static readonly TimeSpan Grace = new KafkaLagConfig().SeriesGrace;
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

        _metrics.Update(Observation(Start + Grace - TimeSpan.FromSeconds(1), expected: [1], groups: [Group("reports", ConsumerStatus.Ok)]));
        Assert.Contains("group=\"billing\"", await ExportAsync(), StringComparison.Ordinal);

        _metrics.Update(Observation(Start + Grace + TimeSpan.FromSeconds(5), expected: [1], groups: [Group("reports", ConsumerStatus.Ok)]));
        var text = await ExportAsync();

        Assert.DoesNotContain("group=\"billing\"", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_consumer_lag_messages{cluster=\"events\",group=\"reports\",topic=\"events\"}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_lag_unit_evicts_nothing()
    {
        _metrics.Update(Observation(Start, expected: [1], groups: [Group("billing", ConsumerStatus.Ok)]));

        _metrics.Update(Observation(Start + (Grace * 4), expected: [1], groups: [], lagError: "offsets unreadable"));

        Assert.Contains("group=\"billing\"", await ExportAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_grace_is_the_clusters_own_lag_series_grace()
    {
        var lag = new KafkaLagConfig { SeriesGrace = TimeSpan.FromSeconds(5) };
        _metrics.Update(Observation(Start, expected: [1], groups: [Group("billing", ConsumerStatus.Ok), Group("reports", ConsumerStatus.Ok)], lag: lag));

        _metrics.Update(Observation(Start.AddSeconds(4), expected: [1], groups: [Group("reports", ConsumerStatus.Ok)], lag: lag));
        Assert.Contains("group=\"billing\"", await ExportAsync(), StringComparison.Ordinal);

        _metrics.Update(Observation(Start.AddSeconds(6), expected: [1], groups: [Group("reports", ConsumerStatus.Ok)], lag: lag));
        Assert.DoesNotContain("group=\"billing\"", await ExportAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_groups_keeps_configured_then_unhealthy_groups_and_counts_what_it_cut()
    {
        var lag = new KafkaLagConfig { MaxGroups = 2, MaxTopicsPerGroup = 1 };
        KafkaGroupLag[] groups =
        [
            Group("aaa-discovered-ok", ConsumerStatus.Ok, discovered: true),
            Group("zzz-configured", ConsumerStatus.Ok) with { Topics = [Topic("t1", ConsumerStatus.Ok), Topic("t2", ConsumerStatus.Stall)] },
            Group("mmm-discovered-stalled", ConsumerStatus.Stall, discovered: true),
        ];

        _metrics.Update(Observation(Start, expected: [1], groups: groups, lag: lag));
        var text = await ExportAsync();

        // Configured first, then the group that is not ok; within a group the topic that is not ok.
        Assert.Contains("consumer_lag_messages{cluster=\"events\",group=\"zzz-configured\",topic=\"t2\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("topic=\"t1\"", text, StringComparison.Ordinal);
        Assert.Contains("group=\"mmm-discovered-stalled\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("aaa-discovered-ok", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_lag_series_cut{cluster=\"events\"} 2", text, StringComparison.Ordinal);

        // A pair that is cut later leaves at once (no frozen value), and the count follows.
        _metrics.Update(Observation(Start.AddSeconds(5), expected: [1], groups: [groups[0], groups[1], groups[2] with { Status = ConsumerStatus.Ok, Topics = [Topic("events", ConsumerStatus.Ok)] }], lag: lag));
        text = await ExportAsync();
        Assert.Contains("group=\"aaa-discovered-ok\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("mmm-discovered-stalled", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_lag_series_cut{cluster=\"events\"} 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_brokers_nic_series_are_absent_while_its_source_fails_and_return_with_it()
    {
        _metrics.Update(Observation(Start, expected: [1, 2], groups: [], nics: [Nic(1, assessed: true), Nic(2, assessed: true)]));
        var text = await ExportAsync();
        Assert.Contains("quorum_monitor_kafka_nic_transmit_bytes_per_second{cluster=\"events\",broker=\"2\"}", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_broker_loss_headroom_ratio{cluster=\"events\",broker=\"2\"}", text, StringComparison.Ordinal);

        _metrics.Update(Observation(Start.AddSeconds(5), expected: [1, 2], groups: [], nics: [Nic(1, assessed: true), Nic(2, assessed: false)]));
        text = await ExportAsync();
        foreach (var name in new[] { "transmit_bytes_per_second", "receive_bytes_per_second", "utilization_ratio", "fanout_ratio", "seconds_to_saturation" })
        {
            Assert.DoesNotContain($"quorum_monitor_kafka_nic_{name}{{cluster=\"events\",broker=\"2\"}}", text, StringComparison.Ordinal);
            Assert.Contains($"quorum_monitor_kafka_nic_{name}{{cluster=\"events\",broker=\"1\"}}", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("broker_loss_headroom_ratio{cluster=\"events\",broker=\"2\"}", text, StringComparison.Ordinal);

        _metrics.Update(Observation(Start.AddSeconds(10), expected: [1, 2], groups: [], nics: [Nic(1, assessed: true), Nic(2, assessed: true)]));
        Assert.Contains("quorum_monitor_kafka_nic_transmit_bytes_per_second{cluster=\"events\",broker=\"2\"}", await ExportAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_brokers_endpoint_state_is_1_for_its_current_state_and_leaves_with_the_broker()
    {
        _metrics.Update(Observation(Start, expected: [1, 2], groups: [], endpoints: [(1, KafkaEndpointState.Reachable), (2, KafkaEndpointState.Reachable)]));
        _metrics.Update(Observation(Start.AddSeconds(5), expected: [1, 2], groups: [], endpoints: [(1, KafkaEndpointState.Reachable), (2, KafkaEndpointState.Unresolvable)]));
        var text = await ExportAsync();

        // The series the Prometheus rule QuorumMonitorKafkaBrokerUnresolvable and the Kafka dashboard read.
        Assert.Contains("quorum_monitor_kafka_broker_endpoint_state{cluster=\"events\",broker=\"2\",state=\"unresolvable\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_broker_endpoint_state{cluster=\"events\",broker=\"2\",state=\"reachable\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("quorum_monitor_kafka_broker_endpoint_state{cluster=\"events\",broker=\"1\",state=\"reachable\"} 1", text, StringComparison.Ordinal);

        _metrics.Update(Observation(Start.AddHours(1), expected: [1], groups: [], endpoints: [(1, KafkaEndpointState.Reachable)]));
        Assert.DoesNotContain("broker=\"2\"", await ExportAsync(), StringComparison.Ordinal);
    }

    private static KafkaTopicLag Topic(string name, ConsumerStatus status) => new(name, status, 10, 1, 1, []);

    private static KafkaNicResult Nic(int broker, bool assessed) => new()
    {
        UnitId = $"nic-{broker}",
        At = Start,
        Duration = TimeSpan.FromMilliseconds(3),
        BrokerId = broker,
        Source = $"http://127.0.0.1:910{broker}/metrics",
        Error = assessed ? null : "connection refused",
        Assessment = assessed ? new NicAssessment(broker, 700 * 125_000, 50 * 125_000, 1000 * 125_000, "config", 0.8, null) : null,
    };

    private async Task<string> ExportAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static KafkaGroupLag Group(string name, ConsumerStatus status, bool discovered = false) =>
        new(name, null, status, 10, 1, 1, 1, [new KafkaTopicLag("events", status, 10, 1, 1, [])]) { Discovered = discovered };

    private static KafkaClusterObservation Observation(DateTimeOffset at, int[] expected, KafkaGroupLag[] groups, string? lagError = null, KafkaNicResult[]? nics = null, (int Broker, KafkaEndpointState State)[]? endpoints = null, KafkaLagConfig? lag = null)
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
        var result = new KafkaLagResult { UnitId = "lag", At = at, Duration = TimeSpan.FromMilliseconds(5), Groups = lagError is null ? groups : [], Error = lagError };
        return new KafkaClusterObservation(new ClusterRef(KafkaKind.KindName, "events"), at, new KafkaClusterSettings(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), []) { Lag = lag ?? new KafkaLagConfig() }, metadata, Endpoints(at, endpoints), result, nics ?? []);
    }

    private static KafkaEndpointResult? Endpoints(DateTimeOffset at, (int Broker, KafkaEndpointState State)[]? checks) => checks is null ? null : new()
    {
        UnitId = "endpoints",
        At = at,
        Duration = TimeSpan.FromMilliseconds(2),
        Checks = [.. checks.Select(c => new KafkaEndpointCheck(new KafkaBroker(c.Broker, c.State == KafkaEndpointState.Unresolvable ? "broker-2.invalid" : "127.0.0.1", 9090 + c.Broker), c.State))],
    };
}
