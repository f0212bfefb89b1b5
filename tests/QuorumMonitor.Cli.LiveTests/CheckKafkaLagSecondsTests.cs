using QuorumMonitor.Lab.Kafka;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// <c>monitor check</c> on a group that stopped consuming (issue 14, must-show 1): a one-shot check, whose monitor has
/// no history at all, judges lag in seconds from the first unconsumed message's own timestamp.
/// </summary>
public sealed class CheckKafkaLagSecondsTests : IDisposable
{
    private const string Topic = "events";
    private const int Partitions = 6;
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start(3);

    public CheckKafkaLagSecondsTests() => _kafka.CreateTopic(Topic, Partitions, 3);

    [Fact]
    public async Task A_group_that_stopped_consuming_10_s_ago_fails_a_two_round_check_with_its_true_lag_in_seconds()
    {
        KafkaProducerLoop.ProduceBatch(_kafka.BootstrapServers, Topic, Partitions, 60);
        using (var consumer = new KafkaConsumerLoop(_kafka.BootstrapServers, "billing", Topic, Partitions))
        {
            for (var i = 0; i < 200 && consumer.Consumed < 60; i++)
            {
                await Task.Delay(100);
            }

            Assert.Equal(60, consumer.Consumed);
            await Task.Delay(500);
        }

        var config = $$"""
            monitor: {deadline: 3s}
            kafka:
              - name: events
                bootstrapServers: "{{_kafka.BootstrapServers}}"
                consumerGroups: [billing]
                lag: {threshold: 5s}
            """;
        // Warm: the first check of this process loads librdkafka and JIT-compiles the admin path, which may cost a cold
        // client its first round on a busy machine; that is no part of what a two-round check judges.
        await CheckHarness.RunAsync(config, "--format", "json", "--rounds", "1");

        var producedAt = TimeProvider.System.GetUtcNow();
        KafkaProducerLoop.ProduceBatch(_kafka.BootstrapServers, Topic, Partitions, 30);
        await Task.Delay(TimeSpan.FromSeconds(10));

        // A check whose first round still did not reach the cluster has the alert pending, one round short of
        // confirming: that check judged one round, not two, so a new one runs (a few at most).
        DateTimeOffset started, finished;
        CheckHarness.Outcome result;
        var attempt = 0;
        do
        {
            started = TimeProvider.System.GetUtcNow();
            result = await CheckHarness.RunAsync(config, "--format", "json", "--rounds", "2", "--interval", "500ms");
            finished = TimeProvider.System.GetUtcNow();
        }
        while (++attempt < 3 && !result.Alerts().Any(IsLagging) && result.Alerts("pending").Any(IsLagging));

        Assert.True(result.ExitCode >= 1, result.Stdout + result.Stderr);
        var lagging = result.Alerts().Single(IsLagging);
        Assert.Equal("billing", lagging.GetProperty("labels").GetProperty("group").GetString());
        Assert.Contains("billing", lagging.GetProperty("summary").GetString(), StringComparison.Ordinal);

        var group = result.Json.GetProperty("clusters")[0].GetProperty("consumerGroups").EnumerateArray()
            .Single(g => g.GetProperty("group").GetString() == "billing");
        var seconds = group.GetProperty("lagSeconds").GetDouble();
        Assert.Equal("timestamp", group.GetProperty("lagSource").GetString());
        Assert.Equal(30, group.GetProperty("lagMessages").GetInt64());
        // The report is generated right after the last evaluation: the first unconsumed message's true age then, within 2 s.
        var generatedAt = result.Json.GetProperty("generatedAt").GetDateTimeOffset();
        Assert.InRange(generatedAt, started, finished);
        Assert.InRange(seconds, (generatedAt - producedAt).TotalSeconds - 2, (generatedAt - producedAt).TotalSeconds + 2);
        Assert.True(seconds >= 9.5, $"{seconds} s for messages produced at least 10 s before the check");
        var partition = group.GetProperty("topics")[0].GetProperty("worstPartitions")[0];
        Assert.Equal("timestamp", partition.GetProperty("lagSource").GetString());
        Assert.Equal("CreateTime", partition.GetProperty("timestampType").GetString());
    }

    public void Dispose() => _kafka.Dispose();

    private static bool IsLagging(System.Text.Json.JsonElement alert) => alert.GetProperty("name").GetString() == "KafkaConsumerLagging";
}
