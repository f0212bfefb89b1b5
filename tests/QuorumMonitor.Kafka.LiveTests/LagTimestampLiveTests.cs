using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Lab.Kafka;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// Lag in seconds from the broker's own timestamps (issue 14, must-show 2), on librdkafka's mock cluster: it serves Fetch
/// at a committed offset and returns the producer's CreateTime (it never stamps LogAppendTime).
/// </summary>
public sealed class LagTimestampLiveTests : IDisposable
{
    private const string Topic = "events";
    private const int Partitions = 6;
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start(3);

    public LagTimestampLiveTests() => _kafka.CreateTopic(Topic, Partitions, 3);

    [Fact]
    public async Task The_first_evaluation_of_a_fresh_monitor_and_of_a_restarted_one_reports_the_true_age_of_the_first_unconsumed_message()
    {
        await ConsumeAndStop("billing", 60);
        var producedAt = TimeProvider.System.GetUtcNow();
        KafkaProducerLoop.ProduceBatch(_kafka.BootstrapServers, Topic, Partitions, 30);
        await Task.Delay(TimeSpan.FromSeconds(4));

        var first = await FirstEvaluation(producedAt);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var afterRestart = await FirstEvaluation(producedAt);

        Assert.True(afterRestart.LagSeconds > first.LagSeconds + 2, $"{first.LagSeconds} s, then {afterRestart.LagSeconds} s after the restart");
    }

    public void Dispose() => _kafka.Dispose();

    /// <summary>
    /// A monitor started now: its first round, whose lag must be the message's age however new the monitor is. A cold
    /// admin client may not reach the cluster within one deadline on a busy machine; such a monitor judged nothing, so
    /// another new one takes its place (a few at most), and its first round is the one measured.
    /// </summary>
    private async Task<(double LagSeconds, DateTimeOffset At)> FirstEvaluation(DateTimeOffset producedAt)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var monitor = new MonitorHarness($$"""
                monitor: {deadline: 3s}
                kafka:
                  - name: events
                    bootstrapServers: "{{_kafka.BootstrapServers}}"
                    consumerGroups: [billing]
                    lag: {threshold: 5s}
                """);
            var before = TimeProvider.System.GetUtcNow();
            await monitor.RoundAsync();
            var after = TimeProvider.System.GetUtcNow();
            if (monitor.Latest?.Reachable != true && attempt < 4)
            {
                continue;
            }

            Assert.True(monitor.Latest?.Reachable, $"no new monitor reached the cluster in its first round, {attempt} tried");
            return Measure(monitor, producedAt, before, after);
        }
    }

    private static (double LagSeconds, DateTimeOffset At) Measure(MonitorHarness monitor, DateTimeOffset producedAt, DateTimeOffset before, DateTimeOffset after)
    {
        var group = monitor.Latest!.Groups.Single(g => g.Group == "billing");
        var topic = group.Topics.Single();
        var seconds = group.MaxLagSeconds;
        Assert.Equal(30, group.LagMessages);
        Assert.Equal(LagSource.Timestamp, group.LagSource);
        Assert.Equal(0, topic.InterpolatedPartitions);
        Assert.All(topic.WorstPartitions, p => Assert.Equal(MessageTimestampType.CreateTime, p.TimestampType));
        Assert.InRange(seconds, (before - producedAt).TotalSeconds - 0.5, (after - producedAt).TotalSeconds + 0.5);
        return (seconds, after);
    }

    private async Task ConsumeAndStop(string group, int messages)
    {
        KafkaProducerLoop.ProduceBatch(_kafka.BootstrapServers, Topic, Partitions, messages);
        using var consumer = new KafkaConsumerLoop(_kafka.BootstrapServers, group, Topic, Partitions);
        for (var i = 0; i < 200 && consumer.Consumed < messages; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(messages, consumer.Consumed);
        await Task.Delay(500);
    }
}
