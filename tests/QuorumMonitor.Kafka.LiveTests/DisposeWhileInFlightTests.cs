using Microsoft.Extensions.Logging.Abstractions;
using QuorumMonitor.Kafka.Config;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Probes.Client;
using QuorumMonitor.Lab.Kafka;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// A probe round that times out leaves its librdkafka call running; the cluster can then be removed (reload) or the
/// monitor stopped while that call still uses the client's handle. Freeing a handle under a running call corrupts the
/// native heap and kills the whole process (glibc: "malloc(): unaligned tcache chunk detected"), so disposal must wait
/// for the last call. This test host dies if it does not.
/// </summary>
public sealed class DisposeWhileInFlightTests : IDisposable
{
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start(3);

    [Fact]
    public async Task Disposing_the_admin_while_calls_are_running_neither_crashes_nor_blocks()
    {
        _kafka.CreateTopic("events", 3, 3);
        var config = KafkaTestConfig(_kafka.BootstrapServers);

        for (var i = 0; i < 40; i++)
        {
            var admin = new ConfluentKafkaAdmin(config, NullLogger<ConfluentKafkaAdmin>.Instance);
            var metadata = Task.Run(() => admin.GetMetadata(TimeSpan.FromMilliseconds(400)));
            var groups = admin.ListGroupsAsync(TimeSpan.FromMilliseconds(400), CancellationToken.None);
            var ends = admin.ListLogEndsAsync([new TopicPartitionKey("events", 0)], TimeSpan.FromMilliseconds(400), CancellationToken.None);
            var records = admin.ReadTimestampsAsync([new CommittedOffset(new TopicPartitionKey("events", 0), 0)], TimeSpan.FromMilliseconds(400), CancellationToken.None);
            // Let the calls reach librdkafka, then dispose as a reload or shutdown would, without waiting for them.
            await Task.Delay(5 * (i % 4));
            var disposing = Task.Run(admin.Dispose);

            // Dispose returns at once: the handle is freed by whichever call ends last.
            Assert.True(await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromSeconds(2))) == disposing, "Dispose blocked on running calls");
            // Every call ends, by its own timeout at the latest, whatever its outcome (a freed handle would not end).
            var calls = Task.WhenAll(new Task[] { metadata, groups, ends, records }.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
            Assert.True(await Task.WhenAny(calls, Task.Delay(TimeSpan.FromSeconds(10))) == calls, "a call outlived its timeout");
        }

        // After disposal a call is refused, not sent through a freed handle.
        var last = new ConfluentKafkaAdmin(config, NullLogger<ConfluentKafkaAdmin>.Instance);
        last.Dispose();
        Assert.Throws<ObjectDisposedException>(() => last.GetMetadata(TimeSpan.FromMilliseconds(100)));
    }

    public void Dispose() => _kafka.Dispose();

    private static KafkaClusterConfig KafkaTestConfig(string bootstrap) =>
        QuorumMonitor.Host.MonitorKinds.Config.Parse($$"""
            kafka:
              - name: events
                bootstrapServers: "{{bootstrap}}"
            """).Kafka[0];
}
