using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 17, must-show 2: <c>monitor drill run NAME --json</c> as an operator runs it (the real process, its own
/// scratch lab): the seed outage passes with the figures the report claims (one page per paging channel, named after
/// the injected fault, no page before it), and leaves no server behind, also when stopped half-way.
/// </summary>
public sealed partial class DrillRunTests
{
    private static readonly TimeSpan DrillTimeout = TimeSpan.FromMinutes(4);

    [GeneratedRegex(@"receiver in (\S+)")]
    private static partial Regex LabFolder();

    [Fact]
    public async Task Zk_two_restarts_passes_with_one_quorum_lost_page_per_channel_and_none_before_the_fault()
    {
        var drill = await RunAsync("zk-two-restarts");

        AssertPaged(drill, "alertmanager", "ZooKeeperQuorumLost");
        AssertPaged(drill, "pager", "ZooKeeperQuorumLost");
        AssertSilent(drill, "owners");
    }

    [Fact]
    public async Task Mysql_freeze_passes_with_one_hung_page_per_channel_and_none_before_the_fault()
    {
        var drill = await RunAsync("mysql-freeze");

        AssertPaged(drill, "alertmanager", "MySqlHung");
        AssertPaged(drill, "pager", "MySqlHung");
        AssertSilent(drill, "owners");
    }

    [Fact]
    public async Task Paging_402_passes_with_the_refused_pager_tried_and_AlertDeliveryFailing_at_the_owners()
    {
        var drill = await RunAsync("paging-402");

        AssertPaged(drill, "alertmanager", "ZooKeeperQuorumLost");
        AssertPaged(drill, "owners", "AlertDeliveryFailing");
        var pager = Channel(drill, "pager");
        Assert.Equal(0, pager.GetProperty("pages").GetInt32());
        Assert.True(pager.GetProperty("refused").GetInt32() >= 1, pager.ToString());
        Assert.True(pager.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Sigterm_in_the_middle_of_a_drill_leaves_no_server_running()
    {
        using var run = new MonitorProcess("drill", "run", "zk-two-restarts");
        var output = await run.WaitForOutputAsync("fault injected", DrillTimeout);
        var folder = LabFolder().Match(output).Groups[1].Value;
        Assert.NotEmpty(folder);
        Assert.NotEmpty(ProcessesOf(folder));

        run.Terminate();
        var code = await run.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.NotEqual(0, code); // a drill cut short never reports success
        Assert.Empty(ProcessesOf(folder));
        Assert.False(Directory.Exists(folder), $"{folder} left behind");
    }

    [Fact]
    public async Task An_unknown_drill_is_a_usage_error_naming_it()
    {
        using var run = new MonitorProcess("drill", "run", "zk-two-restarts", "no-such-drill");
        var code = await run.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(3, code);
        Assert.Contains("unknown drill: no-such-drill", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> RunAsync(string name)
    {
        using var run = new MonitorProcess("drill", "run", name, "--json");
        var code = await run.WaitForExitAsync(DrillTimeout);
        var why = $"exit {code}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}";
        Assert.True(code == 0, why);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(json.GetProperty("passed").GetBoolean(), why);
        var drill = Assert.Single(json.GetProperty("drills").EnumerateArray());
        Assert.Equal(name, drill.GetProperty("drill").GetString());
        Assert.True(drill.GetProperty("passed").GetBoolean(), why);
        Assert.Equal(0, drill.GetProperty("falsePagesBeforeFault").GetInt32());
        Assert.Empty(drill.GetProperty("failures").EnumerateArray());
        Assert.True(drill.GetProperty("faultInjectedAt").ValueKind == JsonValueKind.String, why);

        // Every server of the drill's lab is gone once the command returned.
        var folder = LabFolder().Match(run.Stderr).Groups[1].Value;
        Assert.NotEmpty(folder);
        Assert.Empty(ProcessesOf(folder));
        return drill;
    }

    private static JsonElement Channel(JsonElement drill, string name) =>
        Assert.Single(drill.GetProperty("channels").EnumerateArray(), c => c.GetProperty("channel").GetString() == name);

    private static void AssertPaged(JsonElement drill, string channel, string rootCause)
    {
        var c = Channel(drill, channel);
        Assert.Equal(1, c.GetProperty("pages").GetInt32());
        Assert.Equal(rootCause, c.GetProperty("rootCause").GetString());
        Assert.Equal(rootCause, c.GetProperty("expectedRootCause").GetString());
        var latency = c.GetProperty("firstPageSeconds").GetDouble();
        Assert.InRange(latency, 0, 40);
        var injected = drill.GetProperty("faultInjectedAt").GetDateTimeOffset();
        Assert.True(c.GetProperty("firstPageAt").GetDateTimeOffset() >= injected, c.ToString());
        Assert.True(c.GetProperty("passed").GetBoolean());
    }

    private static void AssertSilent(JsonElement drill, string channel)
    {
        var c = Channel(drill, channel);
        Assert.Equal(0, c.GetProperty("pages").GetInt32());
        // Null figures are left out of the JSON, as in check --format json.
        Assert.False(c.TryGetProperty("firstPageSeconds", out _), c.ToString());
    }

    /// <summary>Pids of processes whose command line names the lab folder (its servers' data and config live there).</summary>
    private static List<int> ProcessesOf(string folder) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0, Dir: d))
            .Where(x => x.Pid > 0 && CmdLine(x.Dir).Contains(folder + "/", StringComparison.Ordinal))
            .Select(x => x.Pid)];

    private static string CmdLine(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "cmdline"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
