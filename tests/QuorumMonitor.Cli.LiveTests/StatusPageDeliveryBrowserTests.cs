using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Notify.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 12: the status page never shows "critical" with nothing to explain it. When the paging channel refuses every
/// page (402, out of credit), headless Chromium sees AlertDeliveryFailing and the failing channel with its reason.
/// </summary>
public sealed class StatusPageDeliveryBrowserTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Status_page_shows_a_delivery_failure_like_an_incident()
    {
        await using var pager = await ScriptedSink.StartAsync(_ports, _ => 402);
        var config = Path.Combine(_dir.Root, "monitor.yaml");
        await File.WriteAllTextAsync(config, $"""
            monitor:
              interval: 500ms
              deadline: 500ms
            zookeeper:
              - name: zk-gone
                servers: ["127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}"]
            notify:
              stateFile: state.db
              failingAfter: 30s
              channels:
                - name: pager
                  webhook: {"{"}url: "{pager.Url}page"{"}"}
            """);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var app = MonitorWebApp.Build(MonitorKinds.Config.LoadFile(config), [url]);
        await app.StartAsync();
        using var http = new HttpClient();
        await WaitForAsync(http, $"{url}/api/v1/status", s =>
            s.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("name").GetString() == "AlertDeliveryFailing")
            && s.TryGetProperty("delivery", out var d) && !d.GetProperty("healthy").GetBoolean());

        var dom = await Chromium.RunAsync($"{url}/", "--dump-dom");
        await File.WriteAllTextAsync(Path.Combine(StatusPageArtifacts.Dir(), "status-page-delivery-failing.html"), dom);
        var screenshot = Path.Combine(StatusPageArtifacts.Dir(), "status-page-delivery-failing.png");
        await Chromium.RunAsync($"{url}/", $"--screenshot={screenshot}", "--window-size=1100,1400");

        Assert.Contains("<span id=\"status\" class=\"badge critical\">critical</span>", dom, StringComparison.Ordinal);
        Assert.Contains("<h2>Monitor problems</h2>", dom, StringComparison.Ordinal);
        Assert.Contains("<section class=\"incident sev-page\" data-alert=\"AlertDeliveryFailing", dom, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge firing\">firing</span> AlertDeliveryFailing</h2>", dom, StringComparison.Ordinal);
        Assert.Contains("<section class=\"incident sev-page\" id=\"delivery\">", dom, StringComparison.Ordinal);
        Assert.Matches("<tr data-channel=\"pager\"><td>pager</td><td>[^<]*HTTP 402[^<]*</td><td>webhook</td>", dom);
        Assert.DoesNotContain("<div id=\"incidents\"><section id=\"no-incidents\">", dom, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"screenshot {screenshot} is missing or empty");
    }

    private static async Task WaitForAsync(HttpClient http, string url, Func<JsonElement, bool> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var status = await http.GetFromJsonAsync<JsonElement>(url);
        while (!condition(status))
        {
            Assert.True(DateTime.UtcNow < until, $"status never showed the delivery failure; last:\n{status}");
            await Task.Delay(250);
            status = await http.GetFromJsonAsync<JsonElement>(url);
        }
    }
}
