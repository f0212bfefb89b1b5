using QuorumMonitor.ZooKeeper.Model;
using QuorumMonitor.ZooKeeper.Probes.FourLetterWords;
using QuorumMonitor.ZooKeeper.Probes;

namespace QuorumMonitor.ZooKeeper.Tests;

public class AnswerParsingTests
{
    private const string LeaderSrvr = """
        Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
        Latency min/avg/max: 0/7.9333/39
        Received: 42
        Sent: 41
        Connections: 1
        Outstanding: 3
        Zxid: 0x10000001f
        Mode: leader
        Node count: 5
        Proposal sizes last/min/max: 48/48/48
        """;

    [Fact]
    public void Srvr_answer_of_a_leader_is_parsed()
    {
        var a = SrvrAnswer.Parse(LeaderSrvr);

        Assert.Equal(ZooKeeperRole.Leader, a.Role);
        Assert.Equal(0x10000001fL, a.Zxid);
        Assert.Equal(3, a.Outstanding);
        Assert.Equal(1, a.Connections);
        Assert.Equal(7.9333, a.LatencyAvgMs);
        Assert.Equal(39, a.LatencyMaxMs);
        Assert.StartsWith("3.8.0", a.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_only_mode_line_makes_the_role_read_only()
    {
        var a = SrvrAnswer.Parse("Zookeeper version: 3.8.0\nREAD-ONLY mode; serving only read-only clients\nMode: read-only\n");

        Assert.Equal(ZooKeeperRole.ReadOnly, a.Role);
        Assert.True(a.ReadOnly);
    }

    [Theory]
    [InlineData("")]
    [InlineData("imok")]
    [InlineData("Zookeeper version: 3.8.0\nZxid: 0x1\n")]
    [InlineData("Mode: emperor\n")]
    public void Garbage_is_a_format_error_not_a_crash(string text) => Assert.Throws<FormatException>(() => SrvrAnswer.Parse(text));

    [Fact]
    public void Not_serving_sentence_is_recognised()
    {
        Assert.True(FourLetterWordAnswers.IsNotServing("This ZooKeeper instance is not currently serving requests\n"));
        Assert.True(FourLetterWordAnswers.IsNotWhitelisted("mntr is not executed because it is not in the whitelist.\n"));
    }

    [Fact]
    public void Mntr_answer_drops_the_zk_prefix()
    {
        var m = MntrAnswer.Parse("zk_version\t3.8.0\nzk_server_state\tfollower\nzk_quorum_size\t3\nzk_uptime\t30835\n");

        Assert.Equal("follower", m.String("server_state"));
        Assert.Equal(3, m.Long("quorum_size"));
        Assert.Equal(30835, m.Double("uptime"));
        Assert.Null(m.Long("missing"));
    }
}
