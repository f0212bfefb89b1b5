using QuorumMonitor.Core.Config;
using QuorumMonitor.Host;
using QuorumMonitor.ZooKeeper;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>The <c>observers:</c> key of a zookeeper cluster: members named among the servers.</summary>
public class ZooKeeperObserversConfigTests
{
    private static string Yaml(string observers) =>
        "zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\", \"127.0.0.1:2182\", \"127.0.0.1:2183\", \"127.0.0.1:2184\"]\n"
        + $"    observers: {observers}\n";

    [Fact]
    public void Observers_are_read()
    {
        var zk = Assert.Single(MonitorKinds.Config.Parse(Yaml("[\"127.0.0.1:2184\"]")).ZooKeeper);

        Assert.Equal([new HostPort("127.0.0.1", 2184)], zk.Observers);
    }

    [Fact]
    public void Observers_default_to_none()
    {
        var zk = Assert.Single(MonitorKinds.Config.Parse("zookeeper:\n  - name: zk\n    servers: [\"127.0.0.1:2181\"]\n").ZooKeeper);

        Assert.Empty(zk.Observers);
    }

    [Theory]
    [InlineData("[\"127.0.0.1:2199\"]", "zookeeper[0].observers[0]", "is not in servers")]
    [InlineData("[\"127.0.0.1\"]", "zookeeper[0].observers[0]", "")]
    [InlineData("[\"127.0.0.1:2184\", \"127.0.0.1:2184\"]", "zookeeper[0].observers[1]", "listed twice")]
    [InlineData("[\"127.0.0.1:2181\", \"127.0.0.1:2182\", \"127.0.0.1:2183\", \"127.0.0.1:2184\"]", "zookeeper[0].observers", "at least one voter")]
    [InlineData("\"127.0.0.1:2184\"", "zookeeper[0].observers", "must be a list")]
    public void Bad_observers_are_rejected_naming_the_field_and_line(string observers, string path, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => MonitorKinds.Config.Parse(Yaml(observers)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 3, 4);
    }
}
