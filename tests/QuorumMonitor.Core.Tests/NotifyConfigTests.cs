using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Host;

namespace QuorumMonitor.Core.Tests;

/// <summary>The <c>notify:</c> section (issue 6): every field validated with its path and line; secrets never echoed.</summary>
public class NotifyConfigTests
{
    private const string Key = "0123456789abcdef0123456789ABCDEF";

    private static string With(string notify) => "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\nnotify:\n" + notify;

    private static ConfigException Fails(string notify) => Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse(With(notify), Path.GetTempPath()));

    [Fact]
    public void The_documented_example_parses()
    {
        var config = MonitorKinds.Config.Parse(With($"""
              stateFile: state.db
              externalUrl: http://monitor.example:9464
              failingAfter: 2m
              watchdogInterval: 1m
              channels:
                - name: am
                  alertmanager: {"{"}urls: ["http://127.0.0.1:9093", "http://127.0.0.1:9094"]{"}"}
                - name: pd
                  pagerduty: {"{"}routingKey: {Key}{"}"}
                - name: hook
                  webhook: {"{"}url: http://127.0.0.1:9999/hook{"}"}
              routes:
                - severities: [page]
                  channels: [pd, am]
                - severities: [warning]
                  channels: [am]
              fallback: hook
            """), "/var/tmp");

        var n = config.Notify!;
        Assert.Equal("/var/tmp/state.db", n.StateFile);
        Assert.Equal(TimeSpan.FromMinutes(2), n.FailingAfter);
        Assert.Equal(3, n.Channels.Count);
        Assert.Equal(2, n.Channels[0].Urls.Count);
        Assert.Equal(NotifyChannelKind.PagerDuty, n.Channels[1].Kind);
        Assert.Equal(Key, n.Channels[1].RoutingKey!.Reveal());
        Assert.Equal("https://events.pagerduty.com/v2/enqueue", n.Channels[1].Urls[0].ToString());
        Assert.Equal(["pd", "am"], n.Routes[0].Channels);
        Assert.Equal([Severity.Warning], n.Routes[1].Severities);
        Assert.Equal("hook", n.Fallback);
        Assert.DoesNotContain(Key, config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_notify_there_is_no_delivery() => Assert.Null(MonitorKinds.Config.Parse("zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n").Notify);

    [Fact]
    public void The_routing_key_can_come_from_the_environment()
    {
        Environment.SetEnvironmentVariable("QM_TEST_PD_KEY", Key);
        var config = MonitorKinds.Config.Parse(With("  channels:\n    - name: pd\n      pagerduty: {routingKeyEnv: QM_TEST_PD_KEY}\n"));
        Assert.Equal(Key, config.Notify!.Channels[0].RoutingKey!.Reveal());
    }

    [Theory]
    [InlineData("  channels:\n    - name: pd\n      pagerduty: {url: \"https://events.pagerduty.com/v2/enqueue\"}\n", "notify.channels[0].pagerduty.routingKey (line 7): is required")]
    [InlineData("  channels:\n    - name: am\n      alertmanager: {urls: [\"not a url\"]}\n", "notify.channels[0].alertmanager.urls[0] (line 7): 'not a url' is not an http(s) URL")]
    [InlineData("  channels:\n    - name: hook\n      webhook: {url: \"ftp://x\"}\n", "notify.channels[0].webhook.url (line 7): 'ftp://x' is not an http(s) URL")]
    [InlineData("  channels:\n    - name: hook\n      webhook: {}\n", "notify.channels[0].webhook.url (line 7): is required")]
    [InlineData("  channels:\n    - name: pd\n      pagerduty: {routingKeyEnv: QM_TEST_UNSET_VARIABLE}\n", "notify.channels[0].pagerduty.routingKeyEnv (line 7): environment variable QM_TEST_UNSET_VARIABLE is not set")]
    [InlineData("  channels:\n    - name: x\n", "notify.channels[0] (line 6): needs one of 'alertmanager:', 'pagerduty:' or 'webhook:'")]
    [InlineData("  channels:\n    - name: a\n      webhook: {url: \"http://h/\"}\n    - name: a\n      webhook: {url: \"http://h/\"}\n", "notify.channels[1].name (line 8): 'a' is used by another channel")]
    [InlineData("  channels:\n    - name: a\n      webhook: {url: \"http://h/\"}\n  routes:\n    - severities: [page]\n      channels: [b]\n", "notify.routes[0].channels (line 10): 'b' is not a channel")]
    [InlineData("  channels:\n    - name: a\n      webhook: {url: \"http://h/\"}\n  routes:\n    - severities: [critical]\n      channels: [a]\n", "notify.routes[0].severities (line 9): 'critical' is not a severity")]
    [InlineData("  channels:\n    - name: a\n      webhook: {url: \"http://h/\"}\n  routes:\n    - severities: [page]\n      channels: [a]\n", "no route takes severity 'warning' and there is no fallback")]
    [InlineData("  channels:\n    - name: a\n      webhook: {url: \"http://h/\"}\n  fallback: b\n", "notify.fallback (line 8): 'b' is not a channel")]
    [InlineData("  failingAfter: soon\n  channels:\n    - name: a\n      webhook: {url: \"http://h/\"}\n", "notify.failingAfter (line 5): 'soon' is not a duration")]
    [InlineData("  stateFile: /nonexistent-dir/state.db\n  channels:\n    - name: a\n      webhook: {url: \"http://h/\"}\n", "notify.stateFile (line 5): folder '/nonexistent-dir' does not exist")]
    [InlineData("  channels:\n    - name: a\n      webhook: {url: \"http://h/\", colour: blue}\n", "notify.channels[0].webhook.colour (line 7): unknown key")]
    [InlineData("  channels: []\n  retry: {initialBackoff: 1m, maxBackoff: 1s}\n", "notify.retry.maxBackoff (line 6): must not be shorter than initialBackoff")]
    [InlineData("  channels: []\n", "notify.channels (line 5): must list at least one channel")]
    public void Bad_notify_config_names_the_field_and_line(string notify, string expected)
    {
        var ex = Fails(notify);
        Assert.Contains(ex.Errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_routing_key_is_reported_without_echoing_it()
    {
        const string almost = "0123456789abcdef0123456789abc-!";
        var ex = Fails($"  channels:\n    - name: pd\n      pagerduty: {{routingKey: \"{almost}\"}}\n");

        var error = Assert.Single(ex.Errors);
        Assert.Equal("notify.channels[0].pagerduty.routingKey", error.Path);
        Assert.Contains("expected 32 letters or digits", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(almost, ex.Message, StringComparison.Ordinal);
    }
}
