using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using QuorumMonitor.Lab.MySql;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.MySql;

namespace QuorumMonitor.Cli.Tests;

/// <summary><c>monitor check</c> on a real MariaDB primary + replica that each test leaves healthy (issue 4, must-show 1, 3, 4, 5).</summary>
public sealed class CheckMySqlTests(MySqlPairFixture fixture) : IClassFixture<MySqlPairFixture>
{
    internal static string Config(MariaDbReplicationPair pair, int deadlineMs = 1000, string? passwordFile = null) =>
        $"monitor:\n  deadline: {deadlineMs.ToString(CultureInfo.InvariantCulture)}ms\nmysql:\n{pair.ToYaml("metrics-db", passwordFile: passwordFile)}";

    internal static JsonElement Instance(CheckHarness.Outcome result, string name) =>
        result.Members().EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Healthy_primary_and_replica_exit_0_with_a_standby_available()
    {
        // A deadline with room for a loaded machine: this test is about a healthy pair raising nothing, not even
        // pending, and a cold first round (library load, JIT, first connection) must not pass for a hung instance.
        var result = await CheckHarness.RunAsync(Config(fixture.Pair, deadlineMs: 5000), "--format", "json", "--interval", "200ms");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Alerts());
        Assert.Empty(result.Alerts("pending"));
        var cluster = result.Json.GetProperty("clusters")[0];
        Assert.Equal("mysql", cluster.GetProperty("kind").GetString());
        Assert.Equal("ok", cluster.GetProperty("state").GetString());
        Assert.True(cluster.GetProperty("standbyAvailable").GetBoolean());
        Assert.Equal("replica", cluster.GetProperty("healthyStandbys")[0].GetString());
        var primary = Instance(result, "primary");
        Assert.Equal("ok", primary.GetProperty("state").GetString());
        Assert.Equal("primary", primary.GetProperty("role").GetString());
        Assert.Equal(fixture.Pair.Primary.Endpoint, primary.GetProperty("address").GetString());
        var replica = Instance(result, "replica");
        Assert.Equal("ok", replica.GetProperty("state").GetString());
        Assert.Equal("Yes", replica.GetProperty("replication").GetProperty("sqlRunning").GetString());
        Assert.True(replica.GetProperty("lagSeconds").GetDouble() < 5);
    }

    [Fact]
    public async Task Heartbeat_table_locked_by_another_session_is_a_confirmed_query_timeout_not_a_handshake_timeout()
    {
        CheckHarness.Outcome result;
        await using (await fixture.Pair.LockHeartbeatAsync())
        {
            result = await CheckHarness.RunAsync(Config(fixture.Pair, deadlineMs: 1500), "--format", "json", "--interval", "200ms");
        }

        Assert.Equal(2, result.ExitCode);
        var primary = Instance(result, "primary");
        Assert.True(primary.GetProperty("state").GetString() == "query-timeout", primary.ToString());
        Assert.True(primary.TryGetProperty("greetingMs", out _), "the greeting arrived: this is not a handshake timeout");
        var hung = Assert.Single(result.Alerts(), a => a.GetProperty("name").GetString() == "MySqlHung");
        Assert.Equal("page", hung.GetProperty("severity").GetString());
        Assert.Contains("logged in, query not answered", hung.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Alerts(), a => a.GetProperty("name").GetString() == "MySqlDown");
    }

    [Fact]
    public async Task Replica_sql_thread_stopped_is_replication_broken_and_no_healthy_standby()
    {
        await fixture.Pair.StopReplicaSqlThreadAsync();
        CheckHarness.Outcome result;
        try
        {
            result = await CheckHarness.RunAsync(Config(fixture.Pair), "--format", "json", "--interval", "200ms");
        }
        finally
        {
            await fixture.Pair.StartReplicaAsync();
            await fixture.Pair.WaitForReplicaAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(1, result.ExitCode);
        var broken = Assert.Single(result.Alerts(), a => a.GetProperty("name").GetString() == "MySqlReplicationBroken");
        Assert.Equal("warning", broken.GetProperty("severity").GetString());
        Assert.Equal("replica", broken.GetProperty("labels").GetProperty("instance").GetString());
        Assert.Contains("SQL thread No", broken.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains(result.Alerts(), a => a.GetProperty("name").GetString() == "MySqlNoHealthyStandby");
        Assert.DoesNotContain(result.Alerts(), a => a.GetProperty("severity").GetString() == "page");
    }

    [Fact]
    public async Task Wrong_password_pages_auth_failed_and_the_password_is_in_no_output()
    {
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(fixture.Directory.Root, "wrong-password");
        await File.WriteAllTextAsync(file, wrong);

        var json = await CheckHarness.RunAsync(Config(fixture.Pair, passwordFile: file), "--format", "json", "--interval", "200ms");
        var text = await CheckHarness.RunAsync(Config(fixture.Pair, passwordFile: file), "--interval", "200ms");

        Assert.Equal(2, json.ExitCode);
        var alerts = json.Alerts().Where(a => a.GetProperty("name").GetString() == "MySqlAuthFailed").ToList();
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal("page", a.GetProperty("severity").GetString()));
        Assert.Equal("auth-failed", Instance(json, "primary").GetProperty("state").GetString());
        Assert.Contains("PAGE     MySqlAuthFailed:", text.Stdout, StringComparison.Ordinal);
        foreach (var output in new[] { json.Stdout, json.Stderr, text.Stdout, text.Stderr })
        {
            Assert.DoesNotContain(wrong, output, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Pair.MonitorPassword, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Monitor_run_logs_the_auth_failure_page_and_serves_status_and_metrics_without_the_password()
    {
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(fixture.Directory.Root, "wrong-password-run");
        await File.WriteAllTextAsync(file, wrong);
        var config = Path.Combine(fixture.Directory.Root, "run.yaml");
        await File.WriteAllTextAsync(config, "monitor:\n  interval: 300ms\n  deadline: 1s\nmysql:\n" + fixture.Pair.ToYaml("metrics-db", passwordFile: file));
        var url = $"http://127.0.0.1:{new FreePorts().Next().ToString(CultureInfo.InvariantCulture)}";
        using var run = new MonitorProcess("run", "--config", config, "--urls", url);
        await run.WaitForOutputAsync("monitor: serving", TimeSpan.FromSeconds(60));

        using var http = new HttpClient();
        var status = "";
        for (var i = 0; i < 100 && !status.Contains("\"firing\"", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
            status = await http.GetStringAsync($"{url}/api/v1/status");
        }

        var firing = JsonDocument.Parse(status).RootElement.GetProperty("alerts").EnumerateArray()
            .Where(a => a.GetProperty("state").GetString() == "firing").Select(a => a.GetProperty("name").GetString()).ToList();
        Assert.Contains("MySqlAuthFailed", firing);
        await run.WaitForOutputAsync("MySqlAuthFailed", TimeSpan.FromSeconds(10));
        var metrics = await http.GetStringAsync($"{url}/metrics");
        Assert.Contains("state=\"auth-failed\"} 1", metrics, StringComparison.Ordinal);
        run.Terminate();
        await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        foreach (var output in new[] { run.Stdout, run.Stderr, status, metrics })
        {
            Assert.DoesNotContain(wrong, output, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Pair.MonitorPassword, output, StringComparison.Ordinal);
        }
    }
}
