namespace QuorumMonitor.Cli.Tests;

/// <summary>Issue 6, must-show 6: a bad <c>notify:</c> section exits 3 naming the field; a secret is never echoed.</summary>
public class NotifyConfigErrorTests
{
    private const string Cluster = "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n";

    [Theory]
    [InlineData("check", "notify:\n  channels:\n    - name: pd\n      pagerduty: {url: \"https://events.pagerduty.com/v2/enqueue\"}\n", "notify.channels[0].pagerduty.routingKey (line 7): is required")]
    [InlineData("check", "notify:\n  channels:\n    - name: am\n      alertmanager: {urls: [\"http//127.0.0.1:9093\"]}\n", "notify.channels[0].alertmanager.urls[0] (line 7): 'http//127.0.0.1:9093' is not an http(s) URL")]
    [InlineData("run", "notify:\n  channels:\n    - name: pd\n      pagerduty: {routingKey: 0123456789abcdef0123456789abcdef, url: \"not-a-url\"}\n", "notify.channels[0].pagerduty.url (line 7): 'not-a-url' is not an http(s) URL")]
    [InlineData("run", "notify:\n  channels:\n    - name: hook\n      webhook: {url: \"http://127.0.0.1:9/\"}\n  routes:\n    - severities: [page]\n      channels: [pd]\n", "notify.routes[0].channels (line 10): 'pd' is not a channel")]
    public async Task Bad_notify_config_exits_3_naming_the_field(string command, string notify, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"monitor-test-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, Cluster + notify);
        try
        {
            var result = await CheckHarness.RunArgsAsync([command, "--config", path]);

            Assert.Equal(3, result.ExitCode);
            Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("0123456789abcdef0123456789abcdef", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
