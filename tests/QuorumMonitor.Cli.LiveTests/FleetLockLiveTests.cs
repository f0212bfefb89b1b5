using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 15, scope 2: the FleetLock protocol (Fedora CoreOS Zincati's reboot-slot protocol) over restart permits on a
/// monitor watching a real 3-member ZooKeeper ensemble: a pre-reboot is granted only when the ensemble can afford it,
/// a second node's is refused with the protocol's <c>{"kind", "value"}</c> naming why, a retried pre-reboot is granted
/// again, a steady-state gives the slot back; requests without the protocol header, the token or a valid body are
/// refused with the field named.
/// </summary>
public sealed class FleetLockLiveTests : IDisposable
{
    private const string Token = "qm-fleetlock-token-5d21c0a9";

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private async Task<HttpResponseMessage> FleetLockAsync(string url, string path, string id, bool header = true, string? token = Token, string? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/v1/{path}")
        {
            Content = new StringContent(body ?? JsonSerializer.Serialize(new { client_params = new { id, group = "zk-realtime" } }), Encoding.UTF8, "application/json"),
        };
        if (header)
        {
            request.Headers.Add("fleet-lock-protocol", "true");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    private static async Task<(string Kind, string Value)> ErrorAsync(HttpResponseMessage response)
    {
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (root.GetProperty("kind").GetString()!, root.GetProperty("value").GetString()!);
    }

    private async Task<List<JsonElement>> HeldAsync(string url) =>
        [.. JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/v1/permits")).RootElement.GetProperty("permits").EnumerateArray()
            .Where(p => p.GetProperty("state").GetString() == "held")];

    [Fact]
    public async Task A_reboot_slot_is_granted_only_when_the_ensemble_can_afford_it_and_given_back_by_steady_state()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "fleetlock");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        var tokenFile = Path.Combine(_dir.Root, "api-token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        var config = MonitorKinds.Config.Parse(
            $"monitor:\n  interval: 500ms\n  deadline: 500ms\napi:\n  tokens:\n    - tokenFile: {tokenFile}\nzookeeper:\n{zk.ToYaml("zk-realtime")}", _dir.Root);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var app = MonitorWebApp.Build(config, [url]);
        await app.StartAsync();
        var members = zk.Members.Select(m => m.Address.ToString()).ToList();

        // The first slot, once the monitor has judged the ensemble healthy (a refusal meanwhile says it cannot vouch yet).
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        HttpResponseMessage first;
        while ((first = await FleetLockAsync(url, "pre-reboot", members[0])).StatusCode != HttpStatusCode.OK)
        {
            var (kind, value) = await ErrorAsync(first);
            Assert.True(DateTime.UtcNow < until, $"never granted: {kind}: {value}");
            await Task.Delay(200);
        }

        var held = Assert.Single(await HeldAsync(url));
        Assert.Equal((members[0], "fleetlock:" + members[0]), (held.GetProperty("member").GetString(), held.GetProperty("holder").GetString()));

        // A second node may not reboot meanwhile: the protocol's error, naming why.
        var second = await FleetLockAsync(url, "pre-reboot", members[1]);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var refusal = await ErrorAsync(second);
        Assert.Equal("failed_lock", refusal.Kind);
        Assert.Contains("tolerates 0 more failures", refusal.Value, StringComparison.Ordinal);

        // Clients retry pre-reboot until it succeeds: the holder asking again is granted, with no second permit.
        Assert.Equal(HttpStatusCode.OK, (await FleetLockAsync(url, "pre-reboot", members[0])).StatusCode);
        Assert.Single(await HeldAsync(url));

        // Steady state gives the slot back; the other node's pre-reboot is then granted; steady-state of a node that
        // holds nothing is fine.
        Assert.Equal(HttpStatusCode.OK, (await FleetLockAsync(url, "steady-state", members[0])).StatusCode);
        Assert.Empty(await HeldAsync(url));
        Assert.Equal(HttpStatusCode.OK, (await FleetLockAsync(url, "pre-reboot", members[1])).StatusCode);
        Assert.Equal(members[1], Assert.Single(await HeldAsync(url)).GetProperty("member").GetString());
        Assert.Equal(HttpStatusCode.OK, (await FleetLockAsync(url, "steady-state", members[2])).StatusCode);
        Assert.Single(await HeldAsync(url));

        // What the protocol and the monitor refuse, each named.
        var noHeader = await FleetLockAsync(url, "pre-reboot", members[2], header: false);
        Assert.Equal((HttpStatusCode.BadRequest, "missing_header"), (noHeader.StatusCode, (await ErrorAsync(noHeader)).Kind));
        Assert.Equal(HttpStatusCode.Unauthorized, (await FleetLockAsync(url, "pre-reboot", members[2], token: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await FleetLockAsync(url, "steady-state", members[1], token: "wrong")).StatusCode);
        var noId = await FleetLockAsync(url, "pre-reboot", "", body: "{\"client_params\": {\"group\": \"zk-realtime\"}}");
        Assert.Equal((HttpStatusCode.BadRequest, "client_params.id: is required, a string"), (noId.StatusCode, (await ErrorAsync(noId)).Value));
        var unknown = await FleetLockAsync(url, "pre-reboot", "10.9.9.9:2181");
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (unknown.StatusCode, (await ErrorAsync(unknown)).Kind));
        var huge = await FleetLockAsync(url, "pre-reboot", members[2], body: new string(' ', FleetLockRequestReader.MaxBodyBytes + 1));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(members[1], Assert.Single(await HeldAsync(url)).GetProperty("member").GetString());
    }
}
