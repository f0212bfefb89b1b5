using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Monitor.Core.Config;
using Monitor.Host;
using Monitor.Lab;
using Monitor.Lab.Processes;
using Monitor.Lab.ZooKeeper;

namespace Monitor.Cli.Tests;

/// <summary>The status page as a person sees it: rendered by headless Chromium against a monitor watching a real ensemble.</summary>
public sealed class StatusPageBrowserTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    [Fact]
    public async Task Status_page_shows_the_stopped_member_down_and_the_open_incident()
    {
        using var zk = ZooKeeperEnsemble.Start(3, _ports, _dir, "page");
        await zk.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        var config = ConfigLoader.Parse($"monitor:\n  interval: 500ms\n  deadline: 500ms\nzookeeper:\n{zk.ToYaml("zk-realtime")}");
        var url = $"http://127.0.0.1:{_ports.Next()}";
        await using var app = MonitorWebApp.Build(config, [url]);
        await app.StartAsync();
        var leader = await zk.FindLeaderAsync();
        var stopped = zk.Members.First(m => m != leader);
        stopped.Stop();

        using var http = new HttpClient();
        for (var i = 0; i < 80; i++)
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"{url}/api/v1/status");
            if (status.GetProperty("incidents").GetArrayLength() > 0)
            {
                break;
            }

            await Task.Delay(250);
        }

        var dom = await Chromium.RunAsync($"{url}/", "--dump-dom");
        var screenshot = Path.Combine(ArtifactsDir(), "status-page-member-down.png");
        await Chromium.RunAsync($"{url}/", $"--screenshot={screenshot}", "--window-size=1100,1400");

        Assert.Contains($"<tr data-member=\"{stopped.Address}\"><td>{stopped.Address}</td><td><span class=\"badge refused\">refused</span>", dom, StringComparison.Ordinal);
        Assert.Contains("data-incident=\"inc-", dom, StringComparison.Ordinal);
        Assert.Contains("ZooKeeperNoFaultTolerance{zookeeper/zk-realtime}", dom, StringComparison.Ordinal);
        Assert.Contains("class=\"badge warning\">warning</span>", dom, StringComparison.Ordinal);
        Assert.Contains("<span id=\"status\" class=\"badge warning\">warning</span>", dom, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"screenshot {screenshot} is missing or empty");
    }

    /// <summary>Kept after the run (gitignored) so a person can look at what the test saw.</summary>
    private static string ArtifactsDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Monitor.sln")))
        {
            dir = dir.Parent;
        }

        var artifacts = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
        Directory.CreateDirectory(artifacts);
        return artifacts;
    }

    public void Dispose() => _dir.Dispose();
}
