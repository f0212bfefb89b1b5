using System.Globalization;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.MySql;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.LiveTesting;
using QuorumMonitor.MySql.Rules;

namespace QuorumMonitor.MySql.Tests;

/// <summary>
/// Issue 16, must-show 2 (MySQL): the monitor reaches a real primary only through a TCP forwarder of the test's own;
/// its replica replicates from it directly. Killing the forwarder is <c>MonitorCannotReach</c>, no <c>MySqlDown</c>
/// page; killing the primary pages <c>MySqlDown</c> "confirmed by 1 replica(s)".
/// </summary>
public sealed class MonitorCannotReachPrimaryLiveTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();
    private MariaDbReplicationPair _pair = null!;

    public async Task InitializeAsync() => _pair = await MariaDbReplicationPair.StartAsync(_ports, _dir, "vantage");

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _pair?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_broken_path_to_the_primary_is_monitor_cannot_reach_and_the_primary_killed_pages_confirmed_by_the_replica()
    {
        await using var forwarder = TcpForwarder.Start(new HostPort("127.0.0.1", _pair.Primary.Port));
        var primaryPort = $"Port={_pair.Primary.Port.ToString(CultureInfo.InvariantCulture)};";
        var yaml = "monitor:\n  deadline: 2000ms\ncorrelation:\n  startupHold: 0s\nmysql:\n"
            + _pair.ToYaml("db-vantage").Replace(primaryPort, $"Port={forwarder.Address.Port.ToString(CultureInfo.InvariantCulture)};", StringComparison.Ordinal);
        Assert.Contains(forwarder.Address.Port.ToString(CultureInfo.InvariantCulture), yaml, StringComparison.Ordinal);
        using var monitor = new VantageHarness(yaml);

        await monitor.RunUntilAsync(r => r.Clusters.Single().State == "ok", TimeSpan.FromSeconds(60), Interval, "ok through the forwarder");
        var before = monitor.Transitions.Count;

        forwarder.Kill();
        await monitor.RunUntilAsync(_ => monitor.Firing(MySqlMonitorCannotReachRule.AlertName) is not null,
            TimeSpan.FromSeconds(60), Interval, "MonitorCannotReach firing");
        for (var i = 0; i < 4; i++)
        {
            await monitor.Pipeline.RunRoundAsync(CancellationToken.None);
            await Task.Delay(Interval);
        }

        var cannotReach = monitor.Firing(MySqlMonitorCannotReachRule.AlertName)!;
        Assert.Equal(Severity.Warning, cannotReach.Severity);
        Assert.Equal("primary", cannotReach.Labels["instance"]);
        Assert.Contains("still replicate from it: replica (IO thread Yes", cannotReach.Summary, StringComparison.Ordinal);
        var since = monitor.Transitions.Skip(before).ToList();
        Assert.DoesNotContain(since, t => t.Alert.Name == MySqlDownRule.AlertName);
        Assert.DoesNotContain(since, t => t.Alert.Severity == Severity.Page);
        var report = monitor.Runtime.Report();
        Assert.Equal("degraded", report.Clusters.Single().State);
        Assert.Equal("refused", report.Clusters.Single().Members.Single(m => m.Details["name"] as string == "primary").State);

        // The primary itself dies: the replica's IO thread reconnects in vain, which confirms it.
        _pair.Primary.Kill();
        await monitor.RunUntilAsync(_ => monitor.Firing(MySqlDownRule.AlertName, a => a.Labels["instance"] == "primary") is not null,
            TimeSpan.FromSeconds(60), Interval, "MySqlDown firing for the killed primary");
        var down = monitor.Firing(MySqlDownRule.AlertName, a => a.Labels["instance"] == "primary")!;
        Assert.Equal(Severity.Page, down.Severity);
        Assert.Contains("confirmed by 1 replica(s) (replica: IO thread Connecting", down.Summary, StringComparison.Ordinal);
    }
}
