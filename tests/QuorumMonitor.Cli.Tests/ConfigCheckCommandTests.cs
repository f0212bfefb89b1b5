using System.Text.RegularExpressions;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// Issue 18, must-show 2: <c>monitor config check</c> on the README's example config and the package's exits 0 and
/// lists what would run; a broken file exits 3 naming field and line; no secret reaches its output.
/// </summary>
public sealed partial class ConfigCheckCommandTests : IDisposable
{
    private const string RoutingKey = "0123456789abcdef0123456789ABCDEF";
    private readonly string _dir = Directory.CreateTempSubdirectory("monitor-config-check-").FullName;

    /// <summary>
    /// Every YAML block of README's "Configuration" section together: one full config. Its state file points to a
    /// folder that exists here (the stateFile check needs one), and the variables it names are set.
    /// </summary>
    private string ReadmeConfig()
    {
        var readme = File.ReadAllText(RepoFiles.PathOf("README.md"));
        var blocks = YamlBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 4, "README has lost its config examples");
        Environment.SetEnvironmentVariable("MONITOR_MYSQL_PASSWORD", "not-printed-either");
        Environment.SetEnvironmentVariable("MONITOR_GALERA_PASSWORD", "not-printed-either");
        Environment.SetEnvironmentVariable("QUORUM_MONITOR_API_TOKEN", "a-test-token-of-some-length");
        Environment.SetEnvironmentVariable("PD_ROUTING_KEY", RoutingKey);
        return Write("readme.yaml", StateFileHere(string.Concat(blocks)));
    }

    [Fact]
    public async Task The_readme_and_package_examples_are_valid_and_list_units_rules_thresholds_routes_and_channels()
    {
        var readme = ReadmeConfig();
        var package = Write("package.yaml", StateFileHere(File.ReadAllText(RepoFiles.PathOf("packaging", "monitor.yaml"))));

        var result = await RunAsync("config", "check", readme, package);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("", result.Stderr);
        var text = result.Stdout;
        Assert.Contains($"{readme}: valid; 4 cluster(s)", text, StringComparison.Ordinal);
        // Every kind words its own clusters, Galera as much as the first three (issue 13: through the kind seam).
        Assert.Contains("cluster galera/shop-db: 3 node(s): 10.0.0.11:3306, 10.0.0.12:3306, 10.0.0.13:3306; user monitor, password env:MONITOR_GALERA_PASSWORD", text, StringComparison.Ordinal);
        Assert.Contains("    rule GaleraFlowControl: a node paused by flow control more than 0.1 of the time (flowControlPausedThreshold)", text, StringComparison.Ordinal);
        Assert.Contains("    rule GaleraQuorumLost\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"{package}: valid; 1 cluster(s)", text, StringComparison.Ordinal);
        Assert.Contains("cluster zookeeper/zk-realtime: 3 member(s), 1 declared observer(s)", text, StringComparison.Ordinal);
        // The units the runtime builds, each with its deadline (the ensemble's 1s override, the default 2s elsewhere).
        Assert.Contains("    unit 127.0.0.1:2183: deadline 1s", text, StringComparison.Ordinal);
        Assert.Contains("    unit metadata: deadline 2s", text, StringComparison.Ordinal);
        Assert.Contains("    unit nic-2: deadline 2s", text, StringComparison.Ordinal);
        Assert.Contains("    unit replica-1: deadline 2s", text, StringComparison.Ordinal);
        Assert.Contains("    rule ZooKeeperQuorumLost: fewer than 2 of 3 voters serving (quorum)", text, StringComparison.Ordinal); // the package's zk-main
        Assert.Contains("    rule KafkaConsumerLagging: oldest unconsumed message older than 5m (lag.threshold)", text, StringComparison.Ordinal);
        Assert.Contains("    rule KafkaNicSaturated: a broker's NIC at or above 800 Mbit/s (0.8 x 1000 Mbit/s)", text, StringComparison.Ordinal);
        Assert.Contains("    rule KafkaNicSaturationForecast: the NIC trend reaches that limit within 7d (network.horizon)", text, StringComparison.Ordinal);
        Assert.Contains("    rule MySqlReplicationLag: a replica more than 30s behind (lagThreshold)", text, StringComparison.Ordinal);
        Assert.Contains("    route page -> pd, am", text, StringComparison.Ordinal);
        Assert.Contains("    channel am (alertmanager): http://am-1:9093, http://am-2:9093", text, StringComparison.Ordinal);
        Assert.Contains("    channel pd (pagerduty): https://events.pagerduty.com/***, routing key ***", text, StringComparison.Ordinal);
        Assert.Contains("    fallback ops: ", text, StringComparison.Ordinal);
        Assert.Contains("security: sasl.mechanism, sasl.password, sasl.username, security.protocol (values hidden)", text, StringComparison.Ordinal);
        Assert.Contains("password env:MONITOR_MYSQL_PASSWORD", text, StringComparison.Ordinal);
        Assert.DoesNotContain(RoutingKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("not-printed-either", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_file_exits_3_naming_field_and_line_and_the_valid_one_beside_it_is_still_listed()
    {
        var broken = Write("broken.yaml", "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n    deadline: 5 parsecs\n");
        var good = Write("good.yaml", "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n");

        var result = await RunAsync("config", "check", broken, good);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"monitor: invalid config {broken}:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("  zookeeper[0].deadline (line 4): ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(broken, result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{good}: valid; 1 cluster(s)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_and_a_missing_argument_are_exit_3()
    {
        var missing = await RunAsync("config", "check", Path.Combine(_dir, "nope.yaml"));
        var none = await RunAsync("config", "check");

        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("cannot read config file", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, none.ExitCode);
    }

    [Fact]
    public async Task No_secret_appears_in_the_output_of_a_valid_or_an_invalid_file()
    {
        const string WebhookToken = "T0KEN-b7f3c1d9e2";
        const string UrlPassword = "hunter2-url";
        const string SaslPassword = "sasl-secret-93";
        var config = $$"""
            zookeeper:
              - name: zk
                servers: ["127.0.0.1:2181"]
            kafka:
              - name: events
                bootstrapServers: "127.0.0.1:9092"
                security: {security.protocol: SASL_PLAINTEXT, sasl.mechanism: PLAIN, sasl.username: monitor, sasl.password: "{{SaslPassword}}"}
            notify:
              stateFile: {{Path.Combine(_dir, "state.db")}}
              channels:
                - name: pd
                  pagerduty: {routingKey: {{RoutingKey}}, url: "https://events.example/v2/enqueue?token={{WebhookToken}}"}
                - name: hook
                  webhook: {url: "https://bot:{{UrlPassword}}@hooks.example/services/{{WebhookToken}}"}
                - name: am
                  alertmanager: {urls: ["http://127.0.0.1:9093/am/{{WebhookToken}}"]}
            """;
        var valid = Write("secrets.yaml", config);
        // The same secrets in a file that fails elsewhere, and a routing key one character short (a near miss is still a secret).
        var invalid = Write("secrets-broken.yaml", config.Replace("servers: [\"127.0.0.1:2181\"]", "servers: []", StringComparison.Ordinal)
            .Replace(RoutingKey, RoutingKey[..^1], StringComparison.Ordinal));

        var ok = await RunAsync("config", "check", valid);
        var bad = await RunAsync("config", "check", invalid);

        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Equal(3, bad.ExitCode);
        Assert.Contains("notify.channels[0].pagerduty.routingKey (line ", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("    channel hook (webhook): https://***@hooks.example/***", ok.Stdout, StringComparison.Ordinal);
        Assert.Contains("    channel pd (pagerduty): https://events.example/***, routing key ***", ok.Stdout, StringComparison.Ordinal);
        foreach (var output in new[] { ok.Stdout, ok.Stderr, bad.Stdout, bad.Stderr })
        {
            foreach (var secret in new[] { RoutingKey, RoutingKey[..^1], WebhookToken, UrlPassword, SaslPassword })
            {
                Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            }
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string StateFileHere(string yaml) => StateFileLine().Replace(yaml, m => $"{m.Groups[1].Value}{Path.Combine(_dir, "state.db")}");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"^(\s*stateFile:\s*)\S+", RegexOptions.Multiline)]
    private static partial Regex StateFileLine();
}
