using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.Core.Tests;

public class ConfigLoaderTests
{
    private const string Valid = """
        monitor:
          interval: 2s
          deadline: 500ms
          confirmRounds: 3
        zookeeper:
          - name: zk-realtime
            servers: ["127.0.0.1:2181", "127.0.0.1:2182", "127.0.0.1:2183"]
            adminUrls: ["http://127.0.0.1:8081", "http://127.0.0.1:8082", "http://127.0.0.1:8083"]
        """;

    [Fact]
    public void Valid_config_is_read_with_every_field()
    {
        var config = MonitorKinds.Config.Parse(Valid);

        Assert.Equal(TimeSpan.FromSeconds(2), config.Monitor.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.Monitor.Deadline);
        Assert.Equal(3, config.Monitor.ConfirmRounds);
        var zk = Assert.Single(config.ZooKeeper);
        Assert.Equal("zk-realtime", zk.Name);
        Assert.Equal(new HostPort("127.0.0.1", 2182), zk.Servers[1]);
        Assert.Equal(new Uri("http://127.0.0.1:8083"), zk.AdminUrls[2]);
        Assert.True(zk.SessionCheck);
        Assert.Equal(TimeSpan.FromMilliseconds(200), config.Monitor.ConfirmDelay);
    }

    [Fact]
    public void Fast_confirmation_is_set_or_turned_off_by_confirm_delay()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), MonitorKinds.Config.Parse("monitor:\n  confirmDelay: 500ms\nzookeeper:\n  - name: zk\n    servers: [\"h:1\"]\n").Monitor.ConfirmDelay);
        Assert.Equal(TimeSpan.Zero, MonitorKinds.Config.Parse("monitor:\n  confirmDelay: 0s\nzookeeper:\n  - name: zk\n    servers: [\"h:1\"]\n").Monitor.ConfirmDelay);
    }

    public static TheoryData<string, string, string> BadConfigs => new()
    {
        { "", "config", "empty" },
        { "zookeeper:\n  - name: zk\n", "zookeeper[0].servers", "is required" },
        { "zookeeper:\n  - name: zk\n    servers: []\n", "zookeeper[0].servers", "at least one" },
        { "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:99999\"]\n", "zookeeper[0].servers[0]", "invalid port" },
        { "zookeeper:\n  - name: zk\n    servers: [\"localhost\"]\n", "zookeeper[0].servers[0]", "not host:port" },
        { "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n    sever: x\n", "zookeeper[0].sever", "unknown key" },
        { "zookeepr:\n  - name: zk\n", "zookeepr", "unknown key" },
        { "zookeeper: [\n  - name", "config", "not valid YAML" },
        { "just a string", "config", "must be a YAML mapping" },
        { "monitor:\n  interval: soon\nzookeeper:\n  - name: zk\n    servers: [\"h:1\"]\n", "monitor.interval", "not a duration" },
        { "zookeeper:\n  - name: zk\n    servers: [\"h:1\"]\n  - name: zk\n    servers: [\"h:2\"]\n", "zookeeper[1].name", "unique" },
        { "zookeeper:\n  - name: zk\n    servers: [\"h:1\", \"h:2\"]\n    adminUrls: [\"http://h:8080\"]\n", "zookeeper[0].adminUrls", "one per server" },
        { "zookeeper:\n  - name: zk\n    servers: [\"h:1\"]\n    adminUrls: [\"ftp://h\"]\n", "zookeeper[0].adminUrls[0]", "not an http(s) URL" },
        { "monitor:\n  interval: 1s\n", "config", "no clusters" },
        { "telemetry:\n  protocol: udp\nzookeeper:\n  - name: zk\n    servers: [\"h:1\"]\n", "telemetry.protocol", "must be http or grpc" },
        { "telemetry:\n  otlpEndpoint: collector:4317\nzookeeper:\n  - name: zk\n    servers: [\"h:1\"]\n", "telemetry.otlpEndpoint", "not an http(s) URL" },
        { "correlation:\n  window: never\nzookeeper:\n  - name: zk\n    servers: [\"h:1\"]\n", "correlation.window", "not a duration" },
        { "monitor:\n  interval: 1s\n  confirmDelay: 1s\nzookeeper:\n  - name: zk\n    servers: [\"h:1\"]\n", "monitor.confirmDelay", "shorter than monitor.interval" },
        { "monitor:\n  confirmDelay: soon\nzookeeper:\n  - name: zk\n    servers: [\"h:1\"]\n", "monitor.confirmDelay", "not a duration" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void Bad_config_is_rejected_naming_the_field(string yaml, string path, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse(yaml));

        Assert.Contains(ex.Errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_carry_the_line_of_the_offending_key()
    {
        var ex = Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse("zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n    bogus: 1\n"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("allowed here:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var ex = Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse("zookeeper:\n  - name: zk\n    servers: [\"a:0\", \"b\"]\n    deadline: forever\n"));

        Assert.Equal(3, ex.Errors.Count);
    }

    [Fact]
    public void Missing_file_is_a_config_error()
    {
        var ex = Assert.Throws<ConfigException>(() => MonitorKinds.Config.LoadFile("/nonexistent/monitor.yaml"));

        Assert.Contains("cannot read config file", ex.Message, StringComparison.Ordinal);
    }
}
