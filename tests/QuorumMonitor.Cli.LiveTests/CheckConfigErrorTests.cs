namespace QuorumMonitor.Cli.Tests;

/// <summary>Bad input exits 3 (unknown) with a message naming the problem, never a stack trace (issue 2, must-show 6).</summary>
public class CheckConfigErrorTests
{
    [Theory]
    [InlineData("zookeeper:\n  - name: zk\n", "zookeeper[0].servers (line 2): is required")]
    [InlineData("zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:70000\"]\n", "zookeeper[0].servers[0] (line 3): '127.0.0.1:70000' has an invalid port")]
    [InlineData("zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n    colour: blue\n", "zookeeper[0].colour (line 4): unknown key")]
    [InlineData("", "the config file is empty")]
    [InlineData("{{{ not: yaml", "not valid YAML")]
    [InlineData("- just\n- a list\n", "must be a YAML mapping")]
    public async Task Bad_config_exits_3_naming_the_problem(string yaml, string expected)
    {
        var result = await CheckHarness.RunAsync(yaml);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_config_with_json_format_still_prints_an_unknown_status_document()
    {
        var result = await CheckHarness.RunAsync("zookeeper: 5\n", "--format", "json");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("unknown", result.Json.GetProperty("status").GetString());
        Assert.Contains("zookeeper", result.Json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_config_file_exits_3()
    {
        var result = await CheckHarness.RunArgsAsync(["check", "--config", "/nonexistent/monitor.yaml"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("cannot read config file", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("check --config x.yaml --format xml")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_exit_3(string args)
    {
        var result = await CheckHarness.RunArgsAsync(args.Split(' '));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("monitor:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_interval_exits_3_naming_the_option()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:1\"]\n");
        try
        {
            var result = await CheckHarness.RunArgsAsync(["check", "--config", path, "--interval", "soon"]);

            Assert.Equal(3, result.ExitCode);
            Assert.Contains("--interval", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
