using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Probes.FourLetterWords;
using QuorumMonitor.ZooKeeper.Probes;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>NaN and ±Infinity parse as doubles in .NET; in a srvr or mntr answer they are unreadable, not numbers.</summary>
public class NonFiniteAnswerTests
{
    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("∞")]
    public void Srvr_latency_that_is_not_finite_is_absent_and_named(string value)
    {
        var srvr = SrvrAnswer.Parse($"Zookeeper version: 3.8.0\nLatency min/avg/max: 0/{value}/3\nOutstanding: NaN\nMode: follower\n");

        Assert.Equal(ZooKeeperRole.Follower, srvr.Role);
        Assert.Null(srvr.LatencyAvgMs);
        Assert.Equal(3, srvr.LatencyMaxMs);
        Assert.Null(srvr.Outstanding);
        Assert.Equal([$"Latency avg '{value}'", "Outstanding 'NaN'"], srvr.Unreadable);
    }

    [Fact]
    public void Srvr_with_every_field_readable_names_nothing()
    {
        var srvr = SrvrAnswer.Parse("Latency min/avg/max: 0/0.25/3\nZxid: 0x10\nMode: leader\n");

        Assert.Equal(0.25, srvr.LatencyAvgMs);
        Assert.Empty(srvr.Unreadable);
    }

    [Fact]
    public void Hostile_values_are_clipped_in_the_problem_text()
    {
        var srvr = SrvrAnswer.Parse($"Connections: {new string('9', 500)}\nMode: leader\n");

        Assert.True(Assert.Single(srvr.Unreadable).Length < 80);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void Mntr_value_that_is_not_finite_is_absent_and_named(string value)
    {
        var mntr = MntrAnswer.Parse($"zk_uptime\t{value}\nzk_quorum_size\t3\n");
        var problems = new List<string>();

        Assert.Null(mntr.Double("uptime", problems));
        Assert.Equal(3, mntr.Long("quorum_size", problems));
        Assert.Null(mntr.Double("missing", problems));
        Assert.Equal([$"mntr: unreadable uptime '{value}'"], problems);
    }
}
