using System.Diagnostics;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.MySql;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Lab.Timing;
using QuorumMonitor.MySql;

namespace QuorumMonitor.Cli.Tests;

/// <summary>Outages that break a pair, each on a pair of its own (issue 4, must-show 2 and 4).</summary>
public sealed class CheckMySqlOutageTests : IDisposable
{
    private readonly LabDirectory _dir = new();
    private readonly FreePorts _ports = new();

    [Fact]
    public async Task Frozen_primary_pages_hung_within_the_bound_and_killed_it_pages_down_a_different_alert()
    {
        using var pair = await MariaDbReplicationPair.StartAsync(_ports, _dir, "outage");
        const int deadlineMs = 1500;
        const int intervalMs = 500;
        const int rounds = 2;
        var config = CheckMySqlTests.Config(pair, deadlineMs);
        // Warm: the first check of this process loads and JITs the client library and the config reader, which is no
        // time the frozen primary cost. Then the bound: each round one deadline and one interval, plus how late this
        // process's timers fire under load (an in-process unit with the same deadline, hung meanwhile), per round.
        Assert.Equal(0, (await CheckHarness.RunAsync(CheckMySqlTests.Config(pair, 30_000), "--format", "json", "--rounds", "1")).ExitCode);

        pair.Primary.Freeze();
        CheckHarness.Outcome frozen;
        TimeSpan took;
        TimeSpan controlOverrun;
        try
        {
            var control = DeadlineControl.Start(TimeSpan.FromMilliseconds(deadlineMs));
            var watch = Stopwatch.StartNew();
            frozen = await CheckHarness.RunAsync(config, "--format", "json", "--rounds", "2", "--interval", $"{intervalMs}ms");
            took = watch.Elapsed;
            controlOverrun = await control.StopAsync();
        }
        finally
        {
            pair.Primary.Resume();
        }

        var bound = TimeSpan.FromMilliseconds(rounds * (intervalMs + deadlineMs) + 1000) + (rounds * controlOverrun);
        Assert.Equal(2, frozen.ExitCode);
        Assert.True(took <= bound, $"paging took {took}, bound {bound} (the control overran by {controlOverrun})");
        var hung = Assert.Single(frozen.Alerts(), a => a.GetProperty("name").GetString() == "MySqlHung");
        Assert.Equal("page", hung.GetProperty("severity").GetString());
        Assert.Equal("primary", hung.GetProperty("labels").GetProperty("instance").GetString());
        Assert.Equal("handshake-timeout", CheckMySqlTests.Instance(frozen, "primary").GetProperty("state").GetString());
        Assert.Equal("ok", CheckMySqlTests.Instance(frozen, "replica").GetProperty("state").GetString());
        Assert.DoesNotContain(frozen.Alerts(), a => a.GetProperty("name").GetString() == "MySqlDown");

        pair.Primary.Kill();
        var killed = await CheckHarness.RunAsync(config, "--format", "json", "--rounds", "2", "--interval", $"{intervalMs}ms");

        Assert.Equal(2, killed.ExitCode);
        var down = Assert.Single(killed.Alerts(), a => a.GetProperty("name").GetString() == "MySqlDown");
        Assert.Equal("page", down.GetProperty("severity").GetString());
        Assert.Equal("refused", CheckMySqlTests.Instance(killed, "primary").GetProperty("state").GetString());
        Assert.DoesNotContain(killed.Alerts(), a => a.GetProperty("name").GetString() == "MySqlHung");
    }

    [Fact]
    public async Task One_round_of_a_frozen_primary_is_pending_not_a_page()
    {
        using var pair = await MariaDbReplicationPair.StartAsync(_ports, _dir, "oneround");
        pair.Primary.Freeze();
        try
        {
            var result = await CheckHarness.RunAsync(CheckMySqlTests.Config(pair, 500), "--format", "json", "--rounds", "1");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains(result.Alerts("pending"), a => a.GetProperty("name").GetString() == "MySqlHung");
        }
        finally
        {
            pair.Primary.Resume();
        }
    }

    [Fact]
    public async Task Replica_stopped_leaves_no_healthy_standby()
    {
        using var pair = await MariaDbReplicationPair.StartAsync(_ports, _dir, "standby");
        pair.Replica.Stop();

        var result = await CheckHarness.RunAsync(CheckMySqlTests.Config(pair), "--format", "json", "--interval", "200ms");

        Assert.Equal(1, result.ExitCode);
        var standby = Assert.Single(result.Alerts(), a => a.GetProperty("name").GetString() == "MySqlNoHealthyStandby");
        Assert.Equal("warning", standby.GetProperty("severity").GetString());
        Assert.Contains("replica is down (connection refused)", standby.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.False(result.Json.GetProperty("clusters")[0].GetProperty("standbyAvailable").GetBoolean());
        Assert.Contains(result.Alerts(), a => a.GetProperty("name").GetString() == "MySqlDown"
            && a.GetProperty("severity").GetString() == "warning");
    }

    public void Dispose() => _dir.Dispose();
}
