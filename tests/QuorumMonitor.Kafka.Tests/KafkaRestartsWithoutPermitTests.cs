using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Incidents;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// Issue 15 scope 3 for Kafka brokers, through the common-cause detector as the pipeline runs it (one observation a
/// second, two rounds to confirm): a broker down without a permit while another is under one warns
/// <c>RestartWithoutPermit</c>; two brokers restarted without permits seconds apart, no partition offline, warn
/// <c>OverlappingRestarts</c> once.
/// </summary>
public sealed class KafkaRestartsWithoutPermitTests
{
    // Five brokers: two down at once is still a minority, as the common-cause detector counts.
    private static readonly KafkaBroker[] Five = [.. Enumerable.Range(1, 5).Select(id => new KafkaBroker(id, "127.0.0.1", 9091 + id))];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero));
    private readonly CommonCauseDetector _detector = new(new CorrelationOptions());
    private readonly RuleEvaluator _rules;

    public KafkaRestartsWithoutPermitTests() =>
        _rules = new RuleEvaluator(KafkaRules.All(), new AlertTiming(2, TimeSpan.Zero, 2, TimeSpan.Zero), _time);

    private void Rounds(int rounds, IReadOnlyList<PlannedRestart> planned, params int[] down)
    {
        for (var r = 0; r < rounds; r++)
        {
            var at = _time.GetUtcNow();
            var live = Five.Where(b => !down.Contains(b.Id)).ToList();
            // Replication factor 3, every partition led by broker 1: a broker down leaves partitions under-replicated, never offline.
            var partitions = Enumerable.Range(0, 3).Select(p => new KafkaPartitionInfo("events", p, 1, [1, 2, 3], [.. live.Select(b => b.Id)])).ToList();
            var o = new KafkaClusterObservation(
                new ClusterRef(KafkaKind.KindName, "events"), at,
                new KafkaClusterSettings(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7), []),
                new KafkaMetadataResult { UnitId = "metadata", At = at, Duration = TimeSpan.Zero, Metadata = new KafkaMetadataSnapshot(live, partitions), ExpectedBrokerIds = [1, 2, 3, 4, 5], KnownBrokers = Five },
                null,
                new KafkaLagResult { UnitId = "lag", At = at, Duration = TimeSpan.Zero },
                [])
            {
                PlannedRestarts = planned,
            };
            _detector.Observe(o.Cluster, o.MemberStatuses(), at, planned);
            _rules.Evaluate(o with { UnplannedChanges = _detector.Unplanned(o.Cluster, at) });
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private PlannedRestart Planned(int broker) => new($"broker-{broker}", 6, "chef@kafka-2", "jvm upgrade", _time.GetUtcNow().AddMinutes(15));

    private List<AlertReport> Firing(string name) => [.. _rules.Alerts().Where(a => a.Name == name && a.State == AlertState.Firing)];

    [Fact]
    public void A_broker_down_without_a_permit_while_another_is_under_one_warns_naming_both()
    {
        Rounds(3, []);
        var planned = new[] { Planned(2) };
        Rounds(3, planned, down: 2);
        Rounds(3, planned, down: [2, 3]);

        var warning = Assert.Single(Firing(KafkaRestartWithoutPermitRule.AlertName));
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal("broker-3", warning.Labels["member"]);
        Assert.Contains("Kafka broker-3 of events went down", warning.Summary, StringComparison.Ordinal);
        Assert.Contains("permit #6 held by chef@kafka-2: jvm upgrade (broker-2)", warning.Summary, StringComparison.Ordinal);
        Assert.Empty(Firing(KafkaOverlappingRestartsRule.AlertName));
    }

    [Fact]
    public void Two_brokers_restarted_without_permits_seconds_apart_warn_overlapping_once_and_one_restart_alone_does_not()
    {
        Rounds(3, []);
        Rounds(3, [], down: 2);
        Rounds(3, []);
        Assert.Empty(Firing(KafkaOverlappingRestartsRule.AlertName));

        Rounds(3, [], down: 3);
        Rounds(3, []);

        var warning = Assert.Single(Firing(KafkaOverlappingRestartsRule.AlertName));
        Assert.Equal("2 brokers of Kafka cluster events failed or restarted without permits within 6 s (broker-2, broker-3); no partition offline. Serialise restarts with `monitor permit acquire`.", warning.Summary);
        Assert.Empty(Firing(KafkaRestartWithoutPermitRule.AlertName));
    }
}
