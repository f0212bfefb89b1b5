using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 15: restart permits on a running monitor (in-process, real sockets) watching a real 3-member ZooKeeper
/// ensemble: one of two concurrent requests is granted, the monitor itself releases the permit once the restarted
/// member serves again, and the mutating API needs a bearer token that never shows up anywhere.
/// </summary>
public sealed class PermitLiveTests : IDisposable
{
    /// <summary>Distinctive, so a search of logs and documents for it cannot match anything else.</summary>
    private const string Token = "qm-test-token-7f3c9a61e2d84b05";

    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private string TokenFile()
    {
        var path = Path.Combine(_dir.Root, "api-token");
        File.WriteAllText(path, Token + "\n");
        return path;
    }

    private async Task<(WebApplication App, string Url)> StartMonitorAsync(string zookeeperYaml, string apiYaml, CapturedLogs logs)
    {
        var config = MonitorKinds.Config.Parse($"monitor:\n  interval: 500ms\n  deadline: 500ms\n{apiYaml}zookeeper:\n{zookeeperYaml}", _dir.Root);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        var app = MonitorWebApp.Build(config, [url], s => s.AddSingleton<ILoggerProvider>(logs));
        await app.StartAsync();
        return (app, url);
    }

    private async Task<HttpResponseMessage> PostAsync(string url, string body, string? token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/api/v1/permits") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    private static string Body(string member, string holder) =>
        JsonSerializer.Serialize(new { cluster = "zk-realtime", member, ttl = "10m", holder, reason = "rolling upgrade" });

    private async Task<JsonElement> PermitAsync(string url, long id)
    {
        var doc = JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/v1/permits"));
        return doc.RootElement.GetProperty("permits").EnumerateArray().Single(p => p.GetProperty("id").GetInt64() == id);
    }

    private async Task<JsonElement> WaitForPermitAsync(string url, long id, Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        var permit = await PermitAsync(url, id);
        while (!condition(permit))
        {
            Assert.True(DateTime.UtcNow < until, $"permit #{id} never {what}; last:\n{permit}");
            await Task.Delay(200);
            permit = await PermitAsync(url, id);
        }

        return permit;
    }

    /// <summary>Posts until the answer is not a refusal for want of a (fresh) evaluation of the cluster.</summary>
    private async Task<HttpResponseMessage> PostUntilJudgedAsync(string url, string body)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var answer = await PostAsync(url, body);
            if (answer.StatusCode != HttpStatusCode.Conflict)
            {
                return answer;
            }

            var error = await ErrorOfAsync(answer) ?? "";
            Assert.True(error.Contains("the monitor cannot vouch for it", StringComparison.Ordinal) || error.Contains("has not been evaluated yet", StringComparison.Ordinal),
                $"409 not for staleness: {error}");
            Assert.True(DateTime.UtcNow < until, $"never judged on a fresh evaluation: {error}");
            answer.Dispose();
            await Task.Delay(200);
        }
    }

    private static async Task<string?> ErrorOfAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();

    private static async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Of_two_concurrent_requests_one_is_granted_and_the_other_follows_once_the_monitor_sees_the_first_member_back()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "zk");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(90));
        var tokenFile = TokenFile();
        var logs = new CapturedLogs();
        var (app, url) = await StartMonitorAsync(zk.ToYaml("zk-realtime"), $"api:\n  tokens:\n    - tokenFile: {tokenFile}\n", logs);
        await using var _ = app;

        // Wait for a fresh evaluation with every member serving, as a config tool would simply retry.
        var members = zk.Members.Select(m => m.Address.ToString()).ToArray();
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/v1/status")).RootElement;
            if (status.GetProperty("clusters").EnumerateArray().Any(c => c.GetProperty("name").GetString() == "zk-realtime" && c.GetProperty("state").GetString() == "ok"))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < until, $"the ensemble never showed ok:\n{status}");
            await Task.Delay(200);
        }

        // Both refused is allowed while the ensemble settles (a leader election after start, a lagging zxid): the
        // tools retry. Both granted never is.
        HttpResponseMessage[] answers;
        string[] texts;
        var settle = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            answers = await Task.WhenAll(PostAsync(url, Body(members[0], "chef@node-0")), PostAsync(url, Body(members[1], "chef@node-1")));
            texts = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
            Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Created) <= 1, string.Join("\n", texts));
            if (answers.Any(a => a.StatusCode == HttpStatusCode.Created))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < settle, "never granted:\n" + string.Join("\n", texts));
            await Task.Delay(500);
        }

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        var granted = Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.Created);
        var other = 1 - granted;
        var permit = JsonDocument.Parse(texts[granted]).RootElement;
        var id = permit.GetProperty("id").GetInt64();
        Assert.Equal(members[granted], permit.GetProperty("member").GetString());
        Assert.Equal("held", permit.GetProperty("state").GetString());
        // Refused because of the first permit. On a loaded machine the other request may be judged on a fresher
        // evaluation in which a third member also missed its deadline: that is one more blocker, listed beside it.
        var refusal = JsonDocument.Parse(texts[other]).RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith("zk-realtime tolerates 0 more failures: ", refusal, StringComparison.Ordinal);
        Assert.Contains($"{members[granted]} is under permit #{id} held by chef@node-{granted}: rolling upgrade",
            refusal["zk-realtime tolerates 0 more failures: ".Length..].Split("; "));

        // The CLI: refused while the first permit is held, exit 1 with the reason.
        var third = await CliAsync("permit", "acquire", "--cluster", "zk-realtime", "--member", members[2], "--url", url, "--token-file", tokenFile, "--holder", "ansible@node-2");
        Assert.Equal(1, third.Code);
        Assert.Contains($"{members[granted]} is under permit #{id}", third.Out, StringComparison.Ordinal);

        // The planned restart: down (the monitor sees it), then back and serving; the monitor ends the permit itself.
        var node = zk.Members[granted];
        node.Kill();
        await WaitForPermitAsync(url, id, p => p.GetProperty("seenDown").GetBoolean(), TimeSpan.FromSeconds(30), "seen down");
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(url, Body(members[other], "chef@node-1"))).StatusCode);
        node.Start();
        var released = await WaitForPermitAsync(url, id, p => p.GetProperty("state").GetString() == "released", TimeSpan.FromSeconds(120), "released");
        Assert.Equal("the member serves again and has caught up", released.GetProperty("endReason").GetString());

        var second = await CliAsync("permit", "acquire", "--cluster", "zk-realtime", "--member", members[other], "--url", url,
            "--token-file", tokenFile, "--holder", "chef@node-1", "--wait", "60s", "--reason", "rolling upgrade");
        Assert.True(second.Code == 0, $"exit {second.Code}: {second.Out}{second.Err}");
        Assert.Contains($" held zk-realtime {members[other]} until ", second.Out, StringComparison.Ordinal);

        var list = await CliAsync("permit", "list", "--url", url);
        Assert.Equal(0, list.Code);
        Assert.Contains($"{id} released zk-realtime {members[granted]}", list.Out, StringComparison.Ordinal);

        // Audit: the grant, the refusals and the release are logged with holder and reason.
        Assert.Contains(logs.Lines, l => l.Contains($"permit #{id} granted", StringComparison.Ordinal) && l.Contains("rolling upgrade", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("permit refused", StringComparison.Ordinal) && l.Contains("ansible@node-2", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains($"permit #{id} released", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_mutating_api_needs_a_valid_bearer_token_which_appears_nowhere()
    {
        var zkYaml = $"  - name: zk-gone\n    servers: [\"127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}\"]\n";
        var logs = new CapturedLogs();
        var (app, url) = await StartMonitorAsync(zkYaml, $"api:\n  tokens:\n    - tokenFile: {TokenFile()}\n", logs);
        await using var _ = app;
        var body = JsonSerializer.Serialize(new { cluster = "zk-gone", member = "127.0.0.1:1", holder = "chef@x", reason = "r" });
        // zk-gone itself evaluated (/healthz can read ok from the monitor's own self-check alone).
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ClusterIncidents.StateOf(JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/v1/status")).RootElement, "zk-gone") is null)
        {
            Assert.True(DateTime.UtcNow < until, "the monitor never evaluated zk-gone");
            await Task.Delay(200);
        }

        using (var none = await PostAsync(url, body, token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Contains("Bearer", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using (var wrong = await PostAsync(url, body, token: Token + "x"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.DoesNotContain(Token, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var delete = await _http.DeleteAsync($"{url}/api/v1/permits/1"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        }

        // With the token the request gets through to the broker: the member is unknown, so 404 naming it. A loaded
        // machine can leave the broker without a fresh evaluation for a moment (409, "cannot vouch"): ask again.
        using (var right = await PostUntilJudgedAsync(url, body))
        {
            Assert.Equal(HttpStatusCode.NotFound, right.StatusCode);
            Assert.Contains("no member '127.0.0.1:1'", await ErrorOfAsync(right), StringComparison.Ordinal);
        }

        // Bad bodies: 400 naming the field; an oversized one is refused before it is read whole.
        using (var missing = await PostAsync(url, """{"cluster": "zk-gone", "member": "127.0.0.1:1"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Contains("holder: is required", await ErrorOfAsync(missing), StringComparison.Ordinal);
        }

        using (var typed = await PostAsync(url, """{"cluster": "zk-gone", "member": 5, "holder": "h"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode);
            Assert.Contains("member: must be a string", await ErrorOfAsync(typed), StringComparison.Ordinal);
        }

        using (var ttl = await PostAsync(url, """{"cluster": "zk-gone", "member": "m", "holder": "h", "ttl": "soon"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, ttl.StatusCode);
            Assert.Contains("ttl: 'soon' is not a duration", await ErrorOfAsync(ttl), StringComparison.Ordinal);
        }

        using (var big = await PostAsync(url, JsonSerializer.Serialize(new { cluster = "zk-gone", member = "m", holder = "h", reason = new string('r', 10_000) })))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        }

        // The CLI without a token file or variable: an error (3), and with a wrong one too.
        var wrongFile = Path.Combine(_dir.Root, "wrong-token");
        await File.WriteAllTextAsync(wrongFile, "not-the-token-at-all\n");
        var cli = await CliAsync("permit", "acquire", "--cluster", "zk-gone", "--member", "127.0.0.1:1", "--url", url, "--token-file", wrongFile);
        Assert.Equal(3, cli.Code);
        Assert.Contains("HTTP 401", cli.Err, StringComparison.Ordinal);

        var surfaces = new[]
        {
            await _http.GetStringAsync($"{url}/api/v1/status"),
            await _http.GetStringAsync($"{url}/api/v1/permits"),
            await _http.GetStringAsync($"{url}/metrics"),
            string.Join('\n', logs.Lines),
        };
        Assert.NotEmpty(logs.Lines);
        Assert.All(surfaces, s => Assert.DoesNotContain(Token, s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_configured_token_the_mutating_api_is_refused_and_says_how_to_enable_it()
    {
        var zkYaml = $"  - name: zk-gone\n    servers: [\"127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}\"]\n";
        var (app, url) = await StartMonitorAsync(zkYaml, "", new CapturedLogs());
        await using var _ = app;

        using var answer = await PostAsync(url, JsonSerializer.Serialize(new { cluster = "zk-gone", member = "m", holder = "h" }));

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        var error = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Contains("no API token is configured", error, StringComparison.Ordinal);
        Assert.Contains("api.tokens", error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync($"{url}/api/v1/permits")).StatusCode);
    }
}
