using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Kafka;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 15, must-show 3 (Kafka half), live on librdkafka's mock cluster through the monitor's own HTTP API: a permit
/// for a broker is refused (409, the under-replicated partitions named in words) while partitions are under-replicated,
/// and granted (201) once they are in sync again. The mock reports every replica in the ISR whatever happens (it has no
/// ISR shrink, and <c>rd_kafka_mock_partition_set_follower_wmarks</c> only steers fetch-from-follower), so what makes a
/// partition under-replicated here is the real mechanism the monitor judges by: a replica's broker gone from metadata
/// (a dead broker in the ISR is not in sync). Every partition is led by broker 1 first, so none goes offline. The
/// status JSON and the status page (headless Chromium) then list the permit held and the refusals (scope 6).
/// </summary>
public sealed class KafkaPermitLiveTests : IDisposable
{
    private const string Token = "qm-kafka-permit-token-6d02a";
    private const string Topic = "events";
    private const int Partitions = 4;
    private readonly MockKafkaCluster _kafka = MockKafkaCluster.Start(3);
    private readonly LabDirectory _directory = new();
    private readonly FreePorts _ports = new();

    public KafkaPermitLiveTests() => _kafka.CreateTopic(Topic, Partitions, 3);

    [Fact]
    public async Task A_broker_permit_is_refused_while_partitions_are_under_replicated_and_granted_once_they_are_in_sync()
    {
        for (var p = 0; p < Partitions; p++)
        {
            _kafka.SetPartitionLeader(Topic, p, 1);
        }

        var tokenFile = Path.Combine(_directory.Root, "api-token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        var config = MonitorKinds.Config.Parse(
            $"monitor:\n  interval: 500ms\n  deadline: 2s\napi:\n  tokens:\n    - tokenFile: {tokenFile}\n"
            + $"kafka:\n  - name: events\n    bootstrapServers: \"{_kafka.BootstrapServers}\"\n", _directory.Root);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var app = MonitorWebApp.Build(config, [url]);
        await app.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        async Task<(HttpStatusCode Status, JsonElement Body)> RequestAsync(string member)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/v1/permits")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { cluster = "events", member, holder = "chef@kafka-2", reason = "jvm upgrade" }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var answer = await http.SendAsync(request);
            return (answer.StatusCode, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        static string Error(JsonElement body) => body.TryGetProperty("error", out var e) ? e.GetString()! : body.ToString();

        // Broker 3 leaves metadata: every partition is short of it (none offline: broker 1 leads them all).
        _kafka.SetBrokerDown(3);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var refused = await RequestAsync("broker-2");
        while (!Error(refused.Body).Contains("under-replicated", StringComparison.Ordinal))
        {
            // Until the monitor has judged the cluster with broker 3 gone the refusal is about that, never a grant.
            Assert.True(refused.Status == HttpStatusCode.Conflict, $"broker-2's permit was not refused: {refused.Status} {refused.Body}");
            Assert.True(DateTime.UtcNow < until, $"never refused for under-replicated partitions: {Error(refused.Body)}");
            await Task.Delay(250);
            refused = await RequestAsync("broker-2");
        }

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("events cannot lose broker-2 now: broker 3 is down; 4 partition(s) under-replicated (events/0, events/1, events/2, events/3)", Error(refused.Body));
        Assert.Contains("in sync", refused.Body.GetProperty("remedy").GetString(), StringComparison.Ordinal);

        // The permit for the very broker that is down is refused for the partitions alone.
        var self = await RequestAsync("broker-3");
        Assert.Equal((HttpStatusCode.Conflict, "events cannot lose broker-3 now: 4 partition(s) under-replicated (events/0, events/1, events/2, events/3)"), (self.Status, Error(self.Body)));

        // Back in metadata, every partition in sync: granted.
        _kafka.SetBrokerUp(3);
        var granted = await RequestAsync("broker-2");
        while (granted.Status != HttpStatusCode.Created)
        {
            Assert.True(granted.Status == HttpStatusCode.Conflict, $"unexpected answer: {granted.Status} {granted.Body}");
            Assert.True(DateTime.UtcNow < until, $"never granted once in sync: {Error(granted.Body)}");
            await Task.Delay(250);
            granted = await RequestAsync("broker-2");
        }

        Assert.Equal("broker-2", granted.Body.GetProperty("member").GetString());
        Assert.Equal("held", granted.Body.GetProperty("state").GetString());
        var listing = JsonDocument.Parse(await http.GetStringAsync($"{url}/api/v1/permits")).RootElement;
        Assert.Equal("broker-2", Assert.Single(listing.GetProperty("permits").EnumerateArray()).GetProperty("member").GetString());

        // Scope 6: the status says who holds what, and who was told no and why.
        var permits = JsonDocument.Parse(await http.GetStringAsync($"{url}/api/v1/status")).RootElement.GetProperty("permits");
        var held = Assert.Single(permits.GetProperty("held").EnumerateArray());
        Assert.Equal(("events", "broker-2", "chef@kafka-2"), (held.GetProperty("cluster").GetString(), held.GetProperty("member").GetString(), held.GetProperty("holder").GetString()));
        var refusals = permits.GetProperty("refused").EnumerateArray().ToList();
        Assert.Contains(refusals, r => r.GetProperty("member").GetString() == "broker-3"
            && r.GetProperty("refusal").GetString() == "events cannot lose broker-3 now: 4 partition(s) under-replicated (events/0, events/1, events/2, events/3)");
        Assert.Contains(refusals, r => r.GetProperty("member").GetString() == "broker-2" && r.GetProperty("holder").GetString() == "chef@kafka-2"
            && r.GetProperty("reason").GetString() == "jvm upgrade" && r.GetProperty("refusal").GetString()!.Contains("under-replicated", StringComparison.Ordinal));
        Assert.Equal(refusals.Count, listing.GetProperty("refused").GetArrayLength());

        // The status page (headless Chromium) lists both.
        var id = held.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var dom = await Chromium.RunAsync($"{url}/", "--dump-dom");
        Assert.Contains("<h2>Restart permits</h2>", dom, StringComparison.Ordinal);
        Assert.Contains($"<tr data-permit=\"{id}\"><td>#{id}</td><td>events</td><td>broker-2</td><td>chef@kafka-2</td>", dom, StringComparison.Ordinal);
        Assert.Contains("<tr data-refused=\"events/broker-3\">", dom, StringComparison.Ordinal);
        Assert.Contains("<td>chef@kafka-2 (jvm upgrade)</td><td>events cannot lose broker-3 now: 4 partition(s) under-replicated (events/0, events/1, events/2, events/3)</td></tr>", dom, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _kafka.Dispose();
        _directory.Dispose();
    }
}
