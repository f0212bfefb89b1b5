using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.Notify.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 15, scope 4 (must-show 7), live: the <c>monitor</c> executable, SIGKILLed while a permit it granted is held
/// on a real ensemble, and started again on the same state file: the permit is still held, still refuses the next
/// member, and expires at the lease it was granted with.
/// </summary>
public sealed class PermitDurabilityLiveTests : IDisposable
{
    private const string Cluster = "zk-realtime";
    private const string Token = "qm-durable-token-93be10c4f7a2";

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private async Task<HttpResponseMessage> PostAsync(string url, string member)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/v1/permits")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { cluster = Cluster, member, ttl = "60s", holder = "ansible@node-1", reason = "os patching" }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return await _http.SendAsync(request);
    }

    private async Task<JsonElement?> PermitAsync(string url, long id)
    {
        var doc = JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/v1/permits"));
        return doc.RootElement.GetProperty("permits").EnumerateArray().Where(p => p.GetProperty("id").GetInt64() == id).Select(p => (JsonElement?)p).FirstOrDefault();
    }

    private async Task WaitForOkAsync(string url, MonitorProcess monitor)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                var status = JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/v1/status")).RootElement;
                if (ClusterIncidents.StateOf(status, Cluster) == "ok")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(DateTime.UtcNow < until, $"the ensemble never showed ok; monitor:\n{monitor.Stdout}\n{monitor.Stderr}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_permit_held_when_the_monitor_is_SIGKILLed_is_still_held_after_its_restart_and_expires_at_its_lease()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "zk");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(90));
        await using var sink = await ScriptedSink.StartAsync(_ports, _ => 200);
        var tokenFile = Path.Combine(_dir.Root, "api-token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        var config = Path.Combine(_dir.Root, "monitor.yaml");
        await File.WriteAllTextAsync(config, $"""
            monitor:
              interval: 500ms
              deadline: 1s
            api:
              tokens:
                - tokenFile: {tokenFile}
            zookeeper:
            {zk.ToYaml(Cluster)}
            notify:
              stateFile: state.db
              channels:
                - name: chat
                  webhook: {"{"}url: "{sink.Url}hook"{"}"}
              fallback: chat
            """);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        var members = zk.Members.Select(m => m.Address.ToString()).ToArray();

        long id;
        string expiresAt;
        using (var first = new MonitorProcess("run", "--config", config, "--urls", url))
        {
            await first.WaitForOutputAsync("serving on", TimeSpan.FromSeconds(30));
            await WaitForOkAsync(url, first);
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                using var answer = await PostAsync(url, members[0]);
                var body = await answer.Content.ReadAsStringAsync();
                if (answer.StatusCode == HttpStatusCode.Created)
                {
                    var permit = JsonDocument.Parse(body).RootElement;
                    id = permit.GetProperty("id").GetInt64();
                    expiresAt = permit.GetProperty("expiresAt").GetString()!;
                    break;
                }

                Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
                Assert.True(DateTime.UtcNow < until, $"never granted: {body}");
                await Task.Delay(300);
            }

            first.KillHard();
        }

        using var second = new MonitorProcess("run", "--config", config, "--urls", url);
        await second.WaitForOutputAsync("serving on", TimeSpan.FromSeconds(30));
        var held = (await PermitAsync(url, id))!.Value;
        Assert.Equal("held", held.GetProperty("state").GetString());
        Assert.Equal(expiresAt, held.GetProperty("expiresAt").GetString());
        Assert.Equal(members[0], held.GetProperty("member").GetString());
        Assert.Equal("ansible@node-1", held.GetProperty("holder").GetString());
        Assert.Contains($"permit #{id} held from before the restart", second.Stdout, StringComparison.Ordinal);

        // Honoured: the next member is refused for it, once the new monitor has a fresh evaluation to judge on.
        await WaitForOkAsync(url, second);
        using (var refused = await PostAsync(url, members[1]))
        {
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.Conflict, body);
            Assert.Contains($"{members[0]} is under permit #{id} held by ansible@node-1: os patching", body, StringComparison.Ordinal);
        }

        // Expires at its lease (within a few rounds of it), not a lease's length after the restart.
        var lease = DateTimeOffset.Parse(expiresAt, CultureInfo.InvariantCulture);
        while (DateTimeOffset.UtcNow < lease - TimeSpan.FromSeconds(2))
        {
            Assert.Equal("held", (await PermitAsync(url, id))!.Value.GetProperty("state").GetString());
            await Task.Delay(1000);
        }

        var deadline = lease + TimeSpan.FromSeconds(15);
        JsonElement ended;
        while (true)
        {
            ended = (await PermitAsync(url, id))!.Value;
            if (ended.GetProperty("state").GetString() != "held")
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"still held 15 s after its lease:\n{ended}");
            await Task.Delay(200);
        }

        Assert.Equal("expired", ended.GetProperty("state").GetString());
        var endedAt = DateTimeOffset.Parse(ended.GetProperty("endedAt").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(endedAt >= lease && endedAt < lease + TimeSpan.FromSeconds(15), $"ended at {endedAt:o}, lease {lease:o}");
    }
}
