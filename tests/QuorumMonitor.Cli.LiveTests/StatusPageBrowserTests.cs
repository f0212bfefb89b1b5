using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Cli.Tests;

/// <summary>The status page as a person sees it: rendered by headless Chromium against a monitor watching a real ensemble.</summary>
public sealed class StatusPageBrowserTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    [Fact]
    public async Task Status_page_shows_the_stopped_member_down_and_the_open_incident()
    {
        await using var live = await LiveMonitor.StartAsync(_dir, _ports, "page");
        var url = live.Url;
        var leader = await live.Zk.FindLeaderAsync();
        var stopped = live.Zk.Members.First(m => m != leader);
        stopped.Stop();
        // The ensemble's own incident: on a loaded machine the monitor's own MonitorOverloaded may open first.
        await live.WaitForStatusAsync(s => s.GetProperty("incidents").EnumerateArray().Any(i => ClusterIncidents.IsOf(i, "zk-realtime")), TimeSpan.FromSeconds(60));

        var dom = await Chromium.RunAsync($"{url}/", "--dump-dom");
        var screenshot = Path.Combine(ArtifactsDir(), "status-page-member-down.png");
        await Chromium.RunAsync($"{url}/", $"--screenshot={screenshot}", "--window-size=1100,1400");

        Assert.Contains($"<tr data-member=\"{stopped.Address}\"><td>{stopped.Address}</td><td><span class=\"badge refused\">refused</span>", dom, StringComparison.Ordinal);
        Assert.Contains("<section class=\"incident sev-warning\" data-incident=\"inc-", dom, StringComparison.Ordinal);
        Assert.Contains("ZooKeeperNoFaultTolerance{zookeeper/zk-realtime}", dom, StringComparison.Ordinal);
        Assert.Contains("class=\"badge warning\">warning</span>", dom, StringComparison.Ordinal);
        // The ensemble's own state. The overall badge is the ensemble's warning unless the page also lists a firing
        // page of the monitor's own (MonitorOverloaded on a loaded machine), which rightly makes it critical.
        Assert.Contains("<section data-cluster=\"zookeeper/zk-realtime\"><h2>zookeeper/zk-realtime <span class=\"badge degraded\">degraded</span>", dom, StringComparison.Ordinal);
        var overall = dom.Contains("<section class=\"incident sev-page\" data-alert=\"", StringComparison.Ordinal) ? "critical" : "warning";
        Assert.Contains($"<span id=\"status\" class=\"badge {overall}\">{overall}</span>", dom, StringComparison.Ordinal);
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
