using System.Globalization;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Galera;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 13, must-show 4, through the kind seam: <c>monitor check</c> reads a <c>galera:</c> section (the kind added
/// by one line in MonitorKinds) and judges a real 3-node Galera cluster on loopback.
/// </summary>
public sealed class CheckGaleraTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    public void Dispose() => _dir.Dispose();

    private static string Config(GaleraLabCluster cluster) =>
        "monitor:\n  interval: 500ms\n  deadline: 2s\ngalera:\n  - name: shop-db\n    user: " + GaleraLabCluster.MonitorUser
        + "\n    passwordFile: " + cluster.PasswordFile + "\n    nodes:\n"
        + string.Concat(cluster.Nodes.Select(n => $"      - \"127.0.0.1:{n.Port.ToString(CultureInfo.InvariantCulture)}\"\n"));

    [Fact]
    public async Task A_healthy_cluster_exits_0_and_two_nodes_killed_at_once_exit_2_with_exactly_one_GaleraQuorumLost_page()
    {
        using var cluster = await GaleraLabCluster.StartAsync(_ports, _dir, "gcheck");
        var yaml = Config(cluster);

        var healthy = await CheckHarness.RunAsync(yaml, "--format", "json");
        Assert.True(healthy.ExitCode == 0, healthy.Stdout + healthy.Stderr);
        Assert.Empty(healthy.Alerts());
        Assert.Equal("galera", healthy.Json.GetProperty("clusters")[0].GetProperty("kind").GetString());

        cluster.Nodes[1].Kill();
        cluster.Nodes[2].Kill();

        // Galera evicts dead peers after evs.suspect_timeout; until then the survivor still calls itself Primary.
        var until = DateTime.UtcNow.AddSeconds(90);
        CheckHarness.Outcome lost;
        do
        {
            lost = await CheckHarness.RunAsync(yaml, "--format", "json");
        }
        while (lost.ExitCode != 2 && DateTime.UtcNow < until);

        Assert.True(lost.ExitCode == 2, lost.Stdout + lost.Stderr);
        var pages = lost.Alerts().Where(a => a.GetProperty("severity").GetString() == "page").ToList();
        var page = Assert.Single(pages);
        Assert.Equal("GaleraQuorumLost", page.GetProperty("name").GetString());
        Assert.Contains("non-Primary", lost.Stdout, StringComparison.Ordinal);
    }
}
