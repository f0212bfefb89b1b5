using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Notify.Tests;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 12: <c>monitor deadletters list|retry|drop</c> against a running monitor (in-process web app, real
/// sockets): a page the receiver rejected with 400 is listed, keeps AlertDeliveryFailing firing, and once retried is
/// delivered and the alarm clears. Mutations need the CLI's header. And a corrupt state file stops <c>monitor run</c>
/// at start-up with exit 3 and an error naming notify.stateFile. The owners have a channel of their own (the fallback),
/// so on a loaded machine the monitor's own MonitorOverloaded page is not the request the pager's sink rejects.
/// </summary>
public sealed class DeadLettersCommandTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public void Dispose() => _dir.Dispose();

    private string ConfigText(ScriptedSink sink, ScriptedSink owners) => $"""
        monitor:
          interval: 500ms
          deadline: 500ms
        zookeeper:
          - name: zk-gone
            servers: ["127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}"]
        notify:
          stateFile: state.db
          failingAfter: 1h
          channels:
            - name: pager
              webhook: {"{"}url: "{sink.Url}page"{"}"}
            - name: owners
              webhook: {"{"}url: "{owners.Url}owners"{"}"}
          routes:
            - severities: [page, warning]
              channels: [pager]
          fallback: owners
        """;

    private static async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_rejected_page_is_listed_keeps_the_alarm_and_is_delivered_once_retried()
    {
        await using var sink = await ScriptedSink.StartAsync(_ports, i => i == 0 ? 400 : 200);
        await using var owners = await ScriptedSink.StartAsync(_ports, _ => 200);
        var config = MonitorKinds.Config.Parse(ConfigText(sink, owners), _dir.Root);
        var url = $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var app = MonitorWebApp.Build(config, [url]);
        await app.StartAsync();
        using var http = new HttpClient();

        var rejected = await sink.WaitForAsync(_ => true, TimeSpan.FromSeconds(90), "the page, rejected");
        Assert.True(ClusterIncidents.IsOf(rejected, "zk-gone"), $"the pager's first request is not zk-gone's page: {rejected}");
        var status = await WaitForStatusAsync(http, url, s => s.GetProperty("delivery").GetProperty("deadLetters").GetInt32() == 1
            && s.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("name").GetString() == "AlertDeliveryFailing"), "dead letter and alarm");
        Assert.Equal("critical", status.GetProperty("status").GetString());

        var list = await CliAsync("deadletters", "list", "--url", url);
        Assert.Equal(0, list.Code);
        var line = Assert.Single(list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(" pager trigger ", line, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", line, StringComparison.Ordinal);
        var seq = line.Split(' ')[0];

        // Without the CLI's header (what a cross-site browser form would send) nothing changes.
        using (var forged = await http.PostAsync($"{url}/api/v1/deadletters/{seq}/drop", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        var unknown = await CliAsync("deadletters", "drop", "999999", "--url", url);
        Assert.Equal(3, unknown.Code);
        Assert.Contains("no dead letter 999999", unknown.Err, StringComparison.Ordinal);

        var retry = await CliAsync("deadletters", "retry", seq, "--url", url);
        Assert.Equal(0, retry.Code);
        Assert.Contains($"{seq} retried", retry.Out, StringComparison.Ordinal);
        var delivered = await sink.WaitForAsync(r => r.Index >= 1 && r.Status == 200 && ClusterIncidents.IsOf(r, "zk-gone"), TimeSpan.FromSeconds(30), "the retried page");
        Assert.Equal(rejected.Json.GetProperty("dedupKey").GetString(), delivered.Json.GetProperty("dedupKey").GetString());
        Assert.Equal(rejected.Json.GetProperty("action").GetString(), delivered.Json.GetProperty("action").GetString());
        await WaitForStatusAsync(http, url, s => s.GetProperty("delivery").GetProperty("deadLetters").GetInt32() == 0
            && !s.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("name").GetString() == "AlertDeliveryFailing"), "alarm cleared");
        Assert.Equal("no dead letters", (await CliAsync("deadletters", "list", "--url", url)).Out.Trim());
    }

    [Fact]
    public async Task A_corrupt_state_file_stops_monitor_run_at_start_up_with_exit_3_naming_notify_stateFile()
    {
        await using var sink = await ScriptedSink.StartAsync(_ports);
        var config = Path.Combine(_dir.Root, "monitor.yaml");
        await File.WriteAllTextAsync(config, ConfigText(sink, sink));
        await File.WriteAllBytesAsync(Path.Combine(_dir.Root, "state.db"), Enumerable.Range(0, 8192).Select(i => (byte)(i * 31)).ToArray());

        var run = await CliAsync("run", "--config", config, "--urls", $"http://127.0.0.1:{_ports.Next().ToString(CultureInfo.InvariantCulture)}");

        Assert.Equal(3, run.Code);
        Assert.Contains("notify.stateFile", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("SqliteException", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Err, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient http, string url, Func<JsonElement, bool> match, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement status = default;
        while (DateTime.UtcNow < until)
        {
            status = await http.GetFromJsonAsync<JsonElement>($"{url}/api/v1/status");
            if (match(status))
            {
                return status;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{what}: not within 60s; last status delivery: {status.GetProperty("delivery")}");
    }
}
