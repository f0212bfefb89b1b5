using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Lab.Kafka;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Kafka.Rules;
using QuorumMonitor.Kafka;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// Parse.ly's Kafkapocalypse replayed: egress creeps from 20 to 250 Mbit/s per broker over ten simulated days while
/// 20 Mbit/s comes in. The monitor must warn on the trend first, page on lost N−1 headroom before any broker is
/// saturated, and page on saturation last.
/// </summary>
public sealed class NicReplayTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start(3);
    private readonly NicReplayEndpoint _replay;

    public NicReplayTests()
    {
        var profile = new NicReplayProfile(Start, TimeSpan.FromDays(10), EgressFromMbps: 20, EgressToMbps: 250, IngressMbps: 20);
        _replay = new NicReplayEndpoint(new Dictionary<int, NicReplayProfile> { [1] = profile, [2] = profile, [3] = profile }, "eth0", _time, new FreePorts());
    }

    [Fact]
    public async Task Creeping_egress_warns_on_the_forecast_then_pages_on_lost_headroom_before_any_broker_saturates_then_pages_on_saturation()
    {
        using var monitor = new MonitorHarness($$"""
            monitor: {deadline: 2s, confirmRounds: 2}
            kafka:
              - name: events
                bootstrapServers: "{{_kafka.BootstrapServers}}"
                lag: {discoverGroups: false}
                network:
                  capacityMbps: 300
                  threshold: 0.8
                  device: eth0
                  horizon: 7d
                  brokers: {"1": "{{_replay.MetricsUrl(1)}}", "2": "{{_replay.MetricsUrl(2)}}", "3": "{{_replay.MetricsUrl(3)}}"}
            """, _time);

        var headroomAt = new Dictionary<int, double>();
        for (var hour = 0; hour <= 11 * 24; hour++)
        {
            await monitor.RoundAsync();
            if (monitor.FiredInRound(KafkaNoBrokerLossHeadroomRule.AlertName) is { } r && !headroomAt.ContainsKey(r))
            {
                headroomAt[r] = monitor.Latest!.Assessments.Max(a => a.Utilization!.Value);
            }

            _time.Advance(TimeSpan.FromHours(1));
        }

        var forecast = monitor.FiredInRound(KafkaNicSaturationForecastRule.AlertName);
        var headroom = monitor.FiredInRound(KafkaNoBrokerLossHeadroomRule.AlertName);
        var saturated = monitor.FiredInRound(KafkaNicSaturatedRule.AlertName);
        Assert.NotNull(forecast);
        Assert.NotNull(headroom);
        Assert.NotNull(saturated);
        Assert.True(forecast < headroom, $"forecast warning (round {forecast}) must come before the no-headroom page (round {headroom})");
        Assert.True(headroom < saturated, $"no-headroom page (round {headroom}) must come before the saturation page (round {saturated})");

        // When headroom was lost, no broker was at its limit yet: the page came while there was still time to act.
        Assert.True(headroomAt.Single().Value < 0.8, $"utilization {headroomAt.Single().Value:P1} at the no-headroom page");

        // Egress 20 -> 160 Mbit/s (loss of one of three then puts 240 = 0.8 x 300 on each survivor) is reached on day ~6.1.
        Assert.InRange(headroom!.Value, (int)(6.0 * 24), (int)(6.4 * 24));

        var page = monitor.Firing(KafkaNoBrokerLossHeadroomRule.AlertName)!;
        Assert.Equal(Severity.Page, page.Severity);
        Assert.Matches("if broker [123] fails", page.Summary);
        Assert.Contains("fan-out", page.Summary, StringComparison.Ordinal);

        var final = monitor.Latest!;
        Assert.All(final.Assessments, a =>
        {
            Assert.Equal("config", a.CapacitySource);
            Assert.Equal(250.0 / 20, a.FanOut!.Value, 1);
        });
        var nic = monitor.Runtime.Report().Clusters.Single().Details["network"]!;
        Assert.Contains("fanOut", string.Join(",", ((IEnumerable<Dictionary<string, object?>>)nic).SelectMany(d => d.Keys)), StringComparison.Ordinal);
        Assert.Equal(3, final.Assessments.Count);
        Assert.Equal(250, final.Assessments[0].TransmitBps / 125_000, 1);
    }

    public void Dispose()
    {
        _replay.Dispose();
        _kafka.Dispose();
    }
}
