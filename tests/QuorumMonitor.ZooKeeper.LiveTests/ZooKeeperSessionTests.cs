using System.Net.Sockets;
using System.Text;
using QuorumMonitor.Lab.ZooKeeper;
using QuorumMonitor.ZooKeeper.Probes.Wire;
using QuorumMonitor.ZooKeeper;
using QuorumMonitor.ZooKeeper.Probes;

namespace QuorumMonitor.ZooKeeper.Tests;

/// <summary>The wire-protocol client against a real ZooKeeper 3.8 ensemble.</summary>
public class ZooKeeperSessionTests(EnsembleFixture fixture) : IClassFixture<EnsembleFixture>
{
    private static CancellationToken Deadline => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    [Fact]
    public async Task Opens_a_session_and_reads_znodes()
    {
        var member = fixture.Ensemble.Members[0].Address;
        await using var session = await ZooKeeperSession.ConnectAsync(member.Host, member.Port, TimeSpan.FromSeconds(4), Deadline);

        Assert.NotEqual(0, session.SessionId);
        Assert.InRange(session.NegotiatedTimeoutMs, 1000, 10000);
        var (children, rootStat) = await session.GetChildrenAsync("/", Deadline);
        Assert.Contains("zookeeper", children);
        Assert.Equal(children.Count, rootStat.NumChildren);

        // /zookeeper/config holds the dynamic ensemble config: one server.N line per member.
        var (data, stat) = await session.GetDataAsync("/zookeeper/config", Deadline);
        var config = Encoding.UTF8.GetString(data ?? []);
        foreach (var m in fixture.Ensemble.Members)
        {
            Assert.Contains($"server.{m.Id}=127.0.0.1:", config, StringComparison.Ordinal);
        }

        Assert.Equal(data!.Length, stat.DataLength);
        Assert.NotNull(await session.ExistsAsync("/zookeeper", Deadline));
        Assert.Null(await session.ExistsAsync("/no/such/node", Deadline));
        var missing = await Assert.ThrowsAsync<ZooKeeperErrorException>(() => session.GetDataAsync("/no/such/node", Deadline));
        Assert.Equal(-101, missing.Code);
        await session.CloseAsync(Deadline);
    }

    [Fact]
    public async Task Refused_port_is_a_socket_error()
    {
        var port = fixture.Ports.Next();

        var ex = await Assert.ThrowsAsync<SocketException>(() => ZooKeeperSession.ConnectAsync("127.0.0.1", port, TimeSpan.FromSeconds(4), Deadline));
        Assert.Equal(SocketError.ConnectionRefused, ex.SocketErrorCode);
    }

    [Fact]
    public async Task A_member_without_quorum_closes_the_handshake()
    {
        using var ensemble = ZooKeeperEnsemble.Start(3, fixture.Ports, fixture.Directory, "noquorum");
        await ensemble.WaitForQuorumAsync(TimeSpan.FromSeconds(60));
        ensemble.Members[1].Kill();
        ensemble.Members[2].Kill();
        var survivor = ensemble.Members[0].Address;

        await WaitUntilAsync(async () =>
        {
            try
            {
                await using var s = await ZooKeeperSession.ConnectAsync(survivor.Host, survivor.Port, TimeSpan.FromSeconds(4), Deadline);
                return false;
            }
            catch (ZooKeeperProtocolException)
            {
                return true;
            }
        });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("condition not reached in 10 s");
    }
}
