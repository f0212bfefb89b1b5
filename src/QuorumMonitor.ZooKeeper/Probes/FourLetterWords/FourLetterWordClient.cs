using System.Net.Sockets;
using System.Text;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.ZooKeeper.Probes.FourLetterWords;

/// <summary>Sends one four-letter word and reads the answer until the server closes the connection.</summary>
public static class FourLetterWordClient
{
    private const int MaxAnswerBytes = 1 << 20;

    /// <exception cref="SocketException">Refused or unreachable.</exception>
    /// <exception cref="OperationCanceledException">The deadline passed first.</exception>
    public static async Task<string> AskAsync(HostPort server, string word, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.Host, server.Port, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(Encoding.ASCII.GetBytes(word), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            answer.Write(buffer, 0, read);
            if (answer.Length > MaxAnswerBytes)
            {
                throw new InvalidDataException($"'{word}' answer is larger than {MaxAnswerBytes} bytes");
            }
        }

        return Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length);
    }
}
