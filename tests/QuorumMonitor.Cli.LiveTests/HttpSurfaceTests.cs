using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 12: the HTTP surface of <c>monitor run</c>, served by the real Kestrel on loopback: methods, Host allow-list
/// (DNS rebinding), security headers and request limits. No lab servers: the one configured member is a closed port.
/// </summary>
public sealed partial class HttpSurfaceTests : IAsyncLifetime
{
    private readonly FreePorts _ports = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private WebApplication? _app;
    private string _url = "";

    public async Task InitializeAsync() => (_app, _url) = await StartAsync("");

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _http.Dispose();
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Metrics_answers_only_get_and_head(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{_url}/metrics") { Content = new StringContent("x") };
        using var response = await _http.SendAsync(request);
        using var get = await _http.GetAsync($"{_url}/metrics");
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{_url}/metrics"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow, StringComparer.Ordinal);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("quorum_monitor_", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/status")]
    [InlineData("/api/v1/incidents")]
    [InlineData("/metrics")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var response = await _http.GetAsync(_url + path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"), "no Server header");
    }

    [Fact]
    public async Task The_page_policy_allows_exactly_the_pages_own_script_and_style()
    {
        using var response = await _http.GetAsync($"{_url}/");
        var html = await response.Content.ReadAsStringAsync();
        var csp = Header(response, "Content-Security-Policy");
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;

        Assert.Contains($"script-src 'sha256-{Sha256(script)}'", csp, StringComparison.Ordinal);
        Assert.Contains($"style-src 'sha256-{Sha256(style)}'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal(SecurityHeaders.ApiPolicy, Header(await _http.GetAsync($"{_url}/api/v1/status"), "Content-Security-Policy"));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("localhost.evil.example")]
    public async Task Bound_to_loopback_a_foreign_host_header_is_rejected(string host)
    {
        using var foreign = await GetWithHostAsync("/api/v1/status", host);
        using var local = await GetWithHostAsync("/api/v1/status", "localhost");
        using var literal = await GetWithHostAsync("/api/v1/status", new Uri(_url).Authority);

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.DoesNotContain("\"status\"", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal(HttpStatusCode.OK, literal.StatusCode);
    }

    [Fact]
    public async Task Configured_allowed_hosts_replace_the_defaults()
    {
        var (app, url) = await StartAsync("  allowedHosts: [monitor.example, \"*.ops.example\"]\n");
        await using var _ = app;

        using var named = await GetWithHostAsync("/api/v1/status", "monitor.example", url);
        using var sub = await GetWithHostAsync("/metrics", "m1.ops.example", url);
        using var other = await GetWithHostAsync("/api/v1/status", "evil.example", url);
        using var loopback = await GetWithHostAsync("/api/v1/status", "localhost", url);

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sub.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, loopback.StatusCode);
    }

    [Fact]
    public void Bound_to_a_non_loopback_address_the_default_is_that_address_and_the_loopback_names()
    {
        Assert.Equal(["localhost", "127.0.0.1", "[::1]", "10.1.2.3"], HostAllowList.For(null, ["http://10.1.2.3:9464"]));
        Assert.Equal(["localhost", "127.0.0.1", "[::1]", "[fd00::5]"], HostAllowList.For(null, ["http://[fd00::5]:9464/"]));
        Assert.Equal(["monitor.example"], HostAllowList.For(["monitor.example"], ["http://0.0.0.0:9464"]));
    }

    [Theory]
    [InlineData("http://0.0.0.0:9464")]
    [InlineData("http://[::]:9464")]
    [InlineData("http://*:9464")]
    [InlineData("http://+:9464")]
    public async Task Listening_on_all_interfaces_without_allowed_hosts_exits_3_naming_the_key(string listen)
    {
        var path = Path.Combine(Path.GetTempPath(), $"qm-http-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, Config(""));
        try
        {
            // Refused before anything is bound: the test never listens beyond loopback.
            var result = await CheckHarness.RunArgsAsync(["run", "--config", path, "--urls", listen]);

            Assert.Equal(3, result.ExitCode);
            Assert.Contains("monitor.allowedHosts: is required when listening on all interfaces", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Oversized_urls_and_headers_are_refused_by_kestrel()
    {
        using var longUrl = await _http.GetAsync($"{_url}/api/v1/incidents/{new string('x', 8 * 1024)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_url}/api/v1/status");
        request.Headers.Add("X-Padding", new string('y', 20 * 1024));
        using var bigHeader = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUrl.StatusCode);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, bigHeader.StatusCode);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values)
        : throw new Xunit.Sdk.XunitException($"no {name} header on {response.RequestMessage?.RequestUri}");

    private static string Sha256(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private string Config(string monitorExtra) =>
        $"monitor:\n  interval: 500ms\n  deadline: 200ms\n{monitorExtra}zookeeper:\n  - name: zk-gone\n    servers: [\"127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}\"]\n";

    private async Task<(WebApplication App, string Url)> StartAsync(string monitorExtra)
    {
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        var app = MonitorWebApp.Build(MonitorKinds.Config.Parse(Config(monitorExtra)), [url]);
        await app.StartAsync();
        return (app, url);
    }

    private async Task<HttpResponseMessage> GetWithHostAsync(string path, string host, string? url = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, (url ?? _url) + path);
        request.Headers.Host = host;
        return await _http.SendAsync(request);
    }
}
