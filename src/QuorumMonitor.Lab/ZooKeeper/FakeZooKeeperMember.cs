using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace QuorumMonitor.Lab.ZooKeeper;

/// <summary>
/// One member of a <see cref="FakeZooKeeperFleet"/>: a loopback listener answering the four-letter words a probe
/// sends, with ZooKeeper 3.8's texts. <see cref="Stop"/> closes the listener (connections are refused, like a killed
/// member); <see cref="Freeze"/> keeps accepting but answers nothing (like a SIGSTOPped JVM, whose kernel still accepts);
/// <see cref="LoseQuorum"/> answers as a member left without a quorum does.
/// </summary>
public sealed class FakeZooKeeperMember : IDisposable
{
    private static readonly TimeSpan ReadWordTimeout = TimeSpan.FromSeconds(5);
    private readonly bool _leader;
    private readonly int _ensembleSize;
    private readonly Lock _lock = new();
    private Socket? _listener;
    private TaskCompletionSource _thawed = NewThawed(thawed: true);
    private long _answered;
    private volatile bool _withoutQuorum;

    // When this "process" started (construction or the last Start): zk_uptime grows from it as a real server's does,
    // and a Stop/Start is a restart the monitor can tell from a slow answer.
    private long _startedAt = TimeProvider.System.GetTimestamp();

    internal FakeZooKeeperMember(bool leader, int ensembleSize)
    {
        _leader = leader;
        _ensembleSize = ensembleSize;
        _listener = Listen(0);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Closes the listener: connections are refused until <see cref="Start"/>.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _listener?.Dispose();
            _listener = null;
        }
    }

    public void Start()
    {
        lock (_lock)
        {
            if (_listener is null)
            {
                _listener = Listen(Port);
                Interlocked.Exchange(ref _startedAt, TimeProvider.System.GetTimestamp());
            }
        }
    }

    /// <summary>Until <see cref="RegainQuorum"/>, srvr and mntr answer "not currently serving requests", as ZooKeeper 3.8
    /// does on a member whose quorum is gone.</summary>
    public void LoseQuorum() => _withoutQuorum = true;

    public void RegainQuorum() => _withoutQuorum = false;

    /// <summary>Accepted connections get no answer until <see cref="Resume"/>.</summary>
    public void Freeze()
    {
        lock (_lock)
        {
            if (_thawed.Task.IsCompleted)
            {
                _thawed = NewThawed(thawed: false);
            }
        }
    }

    public void Resume()
    {
        lock (_lock)
        {
            _thawed.TrySetResult();
        }
    }

    public void Dispose()
    {
        Stop();
        Resume();
    }

    internal async Task ServeAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket? listener;
            lock (_lock)
            {
                listener = _listener;
            }

            if (listener is null)
            {
                // Stopped: wait to be started again (rare; a fault injected by a test or a drill).
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                continue;
            }

            _ = AnswerAsync(connection, stopping);
        }
    }

    private async Task AnswerAsync(Socket connection, CancellationToken stopping)
    {
        using (connection)
        {
            try
            {
                Task thawed;
                lock (_lock)
                {
                    thawed = _thawed.Task;
                }

                await thawed.WaitAsync(stopping).ConfigureAwait(false);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                timeout.CancelAfter(ReadWordTimeout);
                var word = new byte[4];
                var read = 0;
                while (read < word.Length)
                {
                    var n = await connection.ReceiveAsync(word.AsMemory(read), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    read += n;
                }

                var answer = Encoding.ASCII.GetString(word) switch
                {
                    "srvr" or "mntr" when _withoutQuorum => NotServing,
                    "srvr" => Srvr(),
                    "mntr" => Mntr(),
                    "ruok" => "imok",
                    var other => $"{other} is not executed because it is not in the whitelist.\n",
                };
                await connection.SendAsync(Encoding.ASCII.GetBytes(answer), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _answered);
                connection.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The prober gave up or the fleet is stopping.
            }
        }
    }

    private const string NotServing = "This ZooKeeper instance is not currently serving requests\n";

    private string Mode => _leader ? "leader" : "follower";

    private string Srvr() => string.Create(CultureInfo.InvariantCulture, $"""
        Zookeeper version: 3.8.0-fake, built on 2024-12-29 17:54 UTC
        Latency min/avg/max: 0/0.2/3
        Received: {Answered}
        Sent: {Answered}
        Connections: 1
        Outstanding: 0
        Zxid: 0x100000005
        Mode: {Mode}
        Node count: 5

        """);

    private string Mntr()
    {
        var sb = new StringBuilder()
            .Append("zk_version\t3.8.0-fake, built on 2024-12-29 17:54 UTC\n")
            .Append(CultureInfo.InvariantCulture, $"zk_server_state\t{Mode}\n")
            .Append(CultureInfo.InvariantCulture, $"zk_quorum_size\t{_ensembleSize}\n")
            .Append(CultureInfo.InvariantCulture, $"zk_uptime\t{(long)TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _startedAt)).TotalMilliseconds}\n");
        if (_leader)
        {
            sb.Append(CultureInfo.InvariantCulture, $"zk_synced_followers\t{_ensembleSize - 1}\n");
        }

        return sb.ToString();
    }

    private static Socket Listen(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        socket.Listen(512);
        return socket;
    }

    private static TaskCompletionSource NewThawed(bool thawed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (thawed)
        {
            tcs.SetResult();
        }

        return tcs;
    }
}
