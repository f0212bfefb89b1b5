using System.Globalization;
using System.Net.Sockets;
using System.Text;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Lab.ZooKeeper;

/// <summary>
/// A client port that answers four-letter words from a script (word → answer) and closes, as ZooKeeper does;
/// anything else (a wire-protocol connect) is closed unanswered. For answers no real member gives: NaN latencies,
/// a mntr of several MiB.
/// </summary>
public sealed class ScriptedZooKeeperMember : IAsyncDisposable
{
    private readonly ScriptedTcpServer _server;
    private readonly IReadOnlyDictionary<string, byte[]> _answers;

    public ScriptedZooKeeperMember(IReadOnlyDictionary<string, string> answers)
    {
        _answers = answers.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value), StringComparer.Ordinal);
        _server = new ScriptedTcpServer(AnswerAsync);
    }

    public HostPort Address => new("127.0.0.1", _server.Port);

    /// <summary>A srvr answer of a healthy standalone server, with the given latency triple.</summary>
    public static string Srvr(string latency = "0/0.5/3", string mode = "standalone") => string.Create(CultureInfo.InvariantCulture,
        $"Zookeeper version: 3.8.0-scripted, built on 2022-01-01 00:00 UTC\nLatency min/avg/max: {latency}\nReceived: 10\nSent: 10\n"
        + $"Connections: 1\nOutstanding: 0\nZxid: 0x100000005\nMode: {mode}\nNode count: 5\n");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task AnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var word = new byte[4];
        await stream.ReadExactlyAsync(word, cancellationToken).ConfigureAwait(false);
        if (_answers.TryGetValue(Encoding.ASCII.GetString(word), out var answer))
        {
            await stream.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
        }
    }
}
