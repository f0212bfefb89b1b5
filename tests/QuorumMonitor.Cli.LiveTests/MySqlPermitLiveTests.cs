using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using QuorumMonitor.Host;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 15, must-show 3 (MySQL half), live: on a real MariaDB primary + replica, the replica's permit is refused
/// because it is the only healthy standby, and the primary's is never granted; both refusals say why in words.
/// </summary>
public sealed class MySqlPermitLiveTests(MySqlPairFixture fixture) : IClassFixture<MySqlPairFixture>
{
    private const string Token = "qm-mysql-permit-token-41c7e";

    [Fact]
    public async Task The_only_healthy_standby_and_the_primary_are_refused_naming_why()
    {
        var tokenFile = Path.Combine(fixture.Directory.Root, "api-token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        var config = MonitorKinds.Config.Parse(
            $"monitor:\n  interval: 500ms\n  deadline: 1s\napi:\n  tokens:\n    - tokenFile: {tokenFile}\nmysql:\n{fixture.Pair.ToYaml("orders")}", fixture.Directory.Root);
        var url = $"http://127.0.0.1:{fixture.Ports.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var app = MonitorWebApp.Build(config, [url]);
        await app.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        async Task<(HttpStatusCode Status, string Error)> RequestAsync(string member)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/v1/permits")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { cluster = "orders", member, holder = "ansible@db-2", reason = "minor upgrade" }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var answer = await http.SendAsync(request);
            var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            return (answer.StatusCode, body.TryGetProperty("error", out var e) ? e.GetString()! : "");
        }

        // Judged on a fresh evaluation with both instances healthy (until then the refusal is about staleness).
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var replica = await RequestAsync("replica");
        while (!replica.Error.Contains("only healthy standby", StringComparison.Ordinal))
        {
            Assert.True(replica.Status == HttpStatusCode.Conflict, $"the replica's permit was not refused: {replica.Status} {replica.Error}");
            Assert.True(DateTime.UtcNow < until, $"never judged on a healthy pair: {replica.Error}");
            await Task.Delay(250);
            replica = await RequestAsync("replica");
        }

        Assert.Equal((HttpStatusCode.Conflict, "replica is orders's only healthy standby: with it down no instance could take over from the primary"), replica);
        var primary = await RequestAsync("primary");
        Assert.Equal((HttpStatusCode.Conflict, "primary is orders's primary: a permit never covers the primary"), primary);
        var list = JsonDocument.Parse(await http.GetStringAsync($"{url}/api/v1/permits")).RootElement.GetProperty("permits");
        Assert.Equal(0, list.GetArrayLength());
    }

    /// <summary>Scope 1: the primary with <c>force</c> and a reason (not without one), marked forced in the listing and the status.</summary>
    [Fact]
    public async Task The_primary_is_granted_only_when_forced_with_a_reason_and_the_permit_says_forced()
    {
        var tokenFile = Path.Combine(fixture.Directory.Root, "api-token-force");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        var config = MonitorKinds.Config.Parse(
            $"monitor:\n  interval: 500ms\n  deadline: 1s\napi:\n  tokens:\n    - tokenFile: {tokenFile}\nmysql:\n{fixture.Pair.ToYaml("orders")}", fixture.Directory.Root);
        var url = $"http://127.0.0.1:{fixture.Ports.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var app = MonitorWebApp.Build(config, [url]);
        await app.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        async Task<(HttpStatusCode Status, JsonElement Body)> RequestAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/v1/permits")
            {
                Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var answer = await http.SendAsync(request);
            return (answer.StatusCode, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        var noReason = await RequestAsync(new { cluster = "orders", member = "primary", holder = "ops@db-1", force = true });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.Equal("reason: is required with force (it is logged and shown with the permit)", noReason.Body.GetProperty("error").GetString());
        var notBool = await RequestAsync(new { cluster = "orders", member = "primary", holder = "ops@db-1", reason = "disk swap", force = "yes" });
        Assert.Equal((HttpStatusCode.BadRequest, "force: must be true or false, not string"), (notBool.Status, notBool.Body.GetProperty("error").GetString()));

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var forced = await RequestAsync(new { cluster = "orders", member = "primary", holder = "ops@db-1", reason = "disk swap", force = true });
        while (forced.Status != HttpStatusCode.Created)
        {
            // Until the monitor has a fresh evaluation of the healthy pair the refusal is about that.
            Assert.True(forced.Status == HttpStatusCode.Conflict, $"unexpected answer: {forced.Status} {forced.Body}");
            Assert.True(DateTime.UtcNow < until, $"the forced primary permit was never granted: {forced.Body}");
            await Task.Delay(250);
            forced = await RequestAsync(new { cluster = "orders", member = "primary", holder = "ops@db-1", reason = "disk swap", force = true });
        }

        Assert.True(forced.Body.GetProperty("forced").GetBoolean());
        var listed = Assert.Single(JsonDocument.Parse(await http.GetStringAsync($"{url}/api/v1/permits")).RootElement.GetProperty("permits").EnumerateArray());
        Assert.True(listed.GetProperty("forced").GetBoolean());
        var held = Assert.Single(JsonDocument.Parse(await http.GetStringAsync($"{url}/api/v1/status")).RootElement.GetProperty("permits").GetProperty("held").EnumerateArray());
        Assert.Equal(("primary", true, "disk swap"), (held.GetProperty("member").GetString(), held.GetProperty("forced").GetBoolean(), held.GetProperty("reason").GetString()));
    }
}
