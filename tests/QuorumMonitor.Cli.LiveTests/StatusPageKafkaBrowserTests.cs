using System.Text.Json;
using System.Text.RegularExpressions;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 14, scope 7: the status page shows a Kafka cluster as the on-call needs it next to a lag or cascade page: per
/// consumer group its status, lag in messages and seconds and worst partitions; per broker its NIC utilization and the
/// N−1 headroom of losing it. Rendered by headless Chromium against the lab's real Kafka mock cluster and node_exporter.
/// </summary>
public sealed class StatusPageKafkaBrowserTests
{
    [Fact]
    public async Task The_page_shows_each_consumer_group_and_each_brokers_nic_and_loss_headroom()
    {
        using var lab = await LocalLab.StartAsync(3, withMySql: false, withKafka: true, TextWriter.Null, CancellationToken.None, withAlertmanager: false);
        var url = $"http://127.0.0.1:{lab.Ports.Next()}";
        await using var app = MonitorWebApp.Build(MonitorKinds.Config.Parse(lab.ConfigYaml("500ms")), [url]);
        await app.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // NIC rates need two counter samples and headroom two assessed brokers: wait for the whole picture.
        JsonElement kafka = default;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync($"{url}/api/v1/status"));
            var cluster = doc.RootElement.GetProperty("clusters").EnumerateArray().FirstOrDefault(c => c.GetProperty("kind").GetString() == "kafka");
            if (cluster.ValueKind == JsonValueKind.Object
                && cluster.TryGetProperty("consumerGroups", out var g) && g.GetArrayLength() > 0
                && cluster.TryGetProperty("network", out var n) && n.EnumerateArray().Any(x => x.TryGetProperty("utilization", out _))
                && cluster.TryGetProperty("brokerLoss", out _))
            {
                kafka = cluster.Clone();
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(kafka.ValueKind == JsonValueKind.Object, "the Kafka cluster never reported groups, NIC utilization and broker-loss headroom");
        var dom = await Chromium.RunAsync($"{url}/", "--dump-dom");

        // The page fetched its own, newer status: figures may have moved since, the rows and their shape may not.
        foreach (var group in kafka.GetProperty("consumerGroups").EnumerateArray())
        {
            var name = Regex.Escape(group.GetProperty("group").GetString()!);
            Assert.Matches($@"<tr data-group=""{name}""><td>{name}.*?</td><td><span class=""badge (ok|warn|stall|stop|rewind)"">\1</span></td><td>\d+</td><td>[0-9.]+", dom);
        }

        Assert.Contains("<th>consumer group</th><th>status</th><th>lag (messages)</th><th>lag (seconds)</th><th>worst partitions</th>", dom, StringComparison.Ordinal);
        var assessed = kafka.GetProperty("network").EnumerateArray().First(x => x.TryGetProperty("utilization", out _));
        var broker = assessed.GetProperty("broker").GetInt32();
        Assert.Matches($@"<tr data-broker=""{broker}""><td>{broker}</td><td>\d+ %</td><td>[0-9.]+ / [0-9.]+</td>", dom);
        Assert.Contains("<th>if it failed: busiest survivor headroom</th>", dom, StringComparison.Ordinal);
        Assert.Matches(@"<td>-?\d+ % \(broker \d+\)</td>", dom);
    }
}
