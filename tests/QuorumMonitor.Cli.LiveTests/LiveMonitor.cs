using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Cli.Tests;

/// <summary>A real ensemble with <c>monitor run</c> (in-process) watching it, and an HTTP client for its API.</summary>
internal sealed class LiveMonitor : IAsyncDisposable
{
    private LiveMonitor(ZooKeeperEnsemble zk, WebApplication app, string url)
    {
        Zk = zk;
        App = app;
        Url = url;
    }

    public ZooKeeperEnsemble Zk { get; }

    public WebApplication App { get; }

    public string Url { get; }

    public HttpClient Http { get; } = new();

    /// <param name="extraYaml">Top-level config sections to add (e.g. <c>telemetry:</c>).</param>
    public static async Task<LiveMonitor> StartAsync(LabDirectory dir, FreePorts ports, string name, int members = 3, string extraYaml = "", string interval = "500ms")
    {
        var zk = ZooKeeperEnsemble.Start(members, ports, dir, name);
        try
        {
            await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
            var config = MonitorKinds.Config.Parse($"monitor:\n  interval: {interval}\n  deadline: 500ms\n{extraYaml}zookeeper:\n{zk.ToYaml("zk-realtime")}");
            var url = $"http://127.0.0.1:{ports.Next()}";
            var app = MonitorWebApp.Build(config, [url]);
            await app.StartAsync();
            return new LiveMonitor(zk, app, url);
        }
        catch
        {
            zk.Dispose();
            throw;
        }
    }

    public Task<JsonElement> StatusAsync() => Http.GetFromJsonAsync<JsonElement>($"{Url}/api/v1/status");

    /// <summary>Polls the status API until the condition holds; fails the test with the last status otherwise.</summary>
    public async Task<JsonElement> WaitForStatusAsync(Func<JsonElement, bool> condition, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var status = await StatusAsync();
        while (!condition(status))
        {
            Assert.True(DateTime.UtcNow < until, $"status never matched; last:\n{status}");
            await Task.Delay(200);
            status = await StatusAsync();
        }

        return status;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Http.Dispose();
        Zk.Dispose();
    }
}
