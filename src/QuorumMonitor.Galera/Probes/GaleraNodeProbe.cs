using System.Globalization;
using System.Net.Sockets;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Galera.Config;
using QuorumMonitor.Galera.Model;
using MySqlConnector;

namespace QuorumMonitor.Galera.Probes;

/// <summary>
/// Probes one Galera node under its own deadline, which it enforces itself whatever the driver does: a raw TCP
/// connect first (refused and unreachable are told apart there), then a fresh, unpooled driver connection logs in and
/// reads the wsrep status. A frozen node (TCP accepted, nothing answered) is a handshake timeout at the deadline; the
/// connection is then closed in the background, so a hung node only ever costs its own unit.
/// </summary>
public sealed class GaleraNodeProbe : IProbeUnit
{
    private readonly GaleraNodeConfig _node;
    private readonly GaleraClusterConfig _cluster;
    private readonly TimeProvider _time;
    private readonly string _connection;
    private int _phase;
    private FlowControlSample? _lastFlowControl;

    public GaleraNodeProbe(GaleraNodeConfig node, GaleraClusterConfig cluster, TimeSpan deadline, TimeProvider time)
    {
        _node = node;
        _cluster = cluster;
        _time = time;
        Deadline = deadline;

        // The driver's own timeouts sit past the deadline: the probe, not the driver, decides when to give up.
        var driverSeconds = (uint)Math.Ceiling(deadline.TotalSeconds) + 2;
        _connection = new MySqlConnectionStringBuilder(cluster.ConnectionOptions ?? "")
        {
            Server = node.Endpoint.Host,
            Port = (uint)node.Endpoint.Port,
            UserID = cluster.User,
            Pooling = false,
            ConnectionTimeout = driverSeconds,
            DefaultCommandTimeout = driverSeconds,
        }.ConnectionString;
    }

    public string Id => _node.Name;

    public GaleraNodeConfig Node => _node;

    public TimeSpan Deadline { get; }

    private GaleraProbePhase Phase => (GaleraProbePhase)Volatile.Read(ref _phase);

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(Deadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var token = linked.Token;
        Volatile.Write(ref _phase, (int)GaleraProbePhase.Connect);
        try
        {
            await ConnectAsync(token).ConfigureAwait(false);
            string? password;
            try
            {
                password = _cluster.Password.Resolve();
            }
            catch (InvalidOperationException ex)
            {
                return Result(at, started, GaleraNodeState.Error, $"monitor password unavailable: {ex.Message}");
            }

            return await LoginAndReadAsync(at, started, password, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            var phase = Phase;
            return Result(at, started, TimeoutState(phase), $"no answer within {Deadline.TotalMilliseconds:0} ms: {PhaseText(phase)}");
        }
        catch (SocketException ex)
        {
            return Result(at, started, StateOf(ex), ex.Message);
        }
    }

    public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) => new GaleraNodeResult
    {
        UnitId = Id,
        At = at,
        Duration = elapsed,
        Name = _node.Name,
        State = kind == ProbeFailureKind.Timeout ? TimeoutState(Phase) : GaleraNodeState.Error,
        Error = kind == ProbeFailureKind.Timeout ? $"{message} ({PhaseText(Phase)})" : message,
    };

    private async Task ConnectAsync(CancellationToken token)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_node.Endpoint.Host, _node.Endpoint.Port, token).AsTask().WaitAsync(token).ConfigureAwait(false);
        Volatile.Write(ref _phase, (int)GaleraProbePhase.Login);
    }

    private async Task<GaleraNodeResult> LoginAndReadAsync(DateTimeOffset at, long started, string? password, CancellationToken token)
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(_connection) { Password = password ?? "" }.ConnectionString);

        // The driver's cancellation of a running command opens a second connection to KILL it, synchronously on the
        // cancelling thread; so the driver gets a token of its own, cancelled off the probe's path once it has given up.
        var driver = new CancellationTokenSource();
        Task pending = Task.CompletedTask;
        try
        {
            await (pending = connection.OpenAsync(driver.Token)).WaitAsync(token).ConfigureAwait(false);
            Volatile.Write(ref _phase, (int)GaleraProbePhase.Query);
            var read = GaleraStatusReader.ReadAsync(connection, driver.Token);
            pending = read;
            var status = await read.WaitAsync(token).ConfigureAwait(false);
            return FromStatus(at, started, connection.ServerVersion, status);
        }
        catch (MySqlException ex) when (!token.IsCancellationRequested)
        {
            return ex.InnerException is SocketException socket
                ? Result(at, started, StateOf(socket), socket.Message)
                : Result(at, started, StateOfServerError(ex.Number), $"{ex.Number} {ex.Message}");
        }
        catch (InvalidDataException ex)
        {
            return Result(at, started, GaleraNodeState.Error, ex.Message);
        }
        finally
        {
            if (pending.IsCompleted)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                driver.Dispose();
            }
            else
            {
                Abandon(connection, pending, driver);
            }
        }
    }

    private GaleraNodeResult FromStatus(DateTimeOffset at, long started, string? version, GaleraStatus s)
    {
        var clusterStatus = s.Text("wsrep_cluster_status");
        if (clusterStatus is null)
        {
            return Result(at, started, GaleraNodeState.Error, "no wsrep_cluster_status: the server runs without Galera (wsrep_on is OFF or no provider)");
        }

        var pausedNs = Long(s.Text("wsrep_flow_control_paused_ns"));
        return Result(at, started, GaleraNodeState.Ok, null) with
        {
            Version = version,
            ClusterStatus = clusterStatus,
            ClusterSize = (int?)Long(s.Text("wsrep_cluster_size")),
            Ready = OnOff(s.Text("wsrep_ready")),
            Connected = OnOff(s.Text("wsrep_connected")),
            LocalStateComment = s.Text("wsrep_local_state_comment"),
            StateUuid = s.Text("wsrep_cluster_state_uuid"),
            ConfId = Long(s.Text("wsrep_cluster_conf_id")),
            FlowControlPaused = Double(s.Text("wsrep_flow_control_paused")),
            FlowControlPausedRecent = RecentPaused(pausedNs),
            RecvQueue = Long(s.Text("wsrep_local_recv_queue")),
            Weight = s.Weight,
        };
    }

    /// <summary>Fraction of wall time paused since the previous probe: the server's own figure covers everything since FLUSH STATUS.</summary>
    private double? RecentPaused(long? pausedNs)
    {
        if (pausedNs is not { } ns)
        {
            return null;
        }

        var now = new FlowControlSample(ns, _time.GetTimestamp());
        var previous = Interlocked.Exchange(ref _lastFlowControl, now);
        if (previous is null || ns < previous.PausedNs)
        {
            return null;
        }

        var wall = _time.GetElapsedTime(previous.Timestamp, now.Timestamp);
        return wall <= TimeSpan.Zero ? null : Math.Clamp((ns - previous.PausedNs) / (wall.TotalMilliseconds * 1_000_000.0), 0, 1);
    }

    private GaleraNodeResult Result(DateTimeOffset at, long started, GaleraNodeState state, string? error) => new()
    {
        UnitId = Id,
        At = at,
        Duration = _time.GetElapsedTime(started),
        Name = _node.Name,
        State = state,
        Error = error,
    };

    /// <summary>
    /// Gives up on an operation that outlived the deadline without waiting for it: in the background, the driver is
    /// told to cancel and the connection closed.
    /// </summary>
    private static void Abandon(MySqlConnection connection, Task pending, CancellationTokenSource driver)
    {
        _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        _ = Task.Run(async () =>
        {
            try
            {
                await driver.CancelAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MySqlException or InvalidOperationException or IOException or SocketException or ObjectDisposedException or AggregateException)
            {
                // The node is frozen or gone; the socket is closed either way.
            }
            finally
            {
                driver.Dispose();
            }
        });
    }

    private static bool? OnOff(string? text) => text is null ? null : string.Equals(text, "ON", StringComparison.OrdinalIgnoreCase);

    /// <summary>Signed where the server prints an unsigned -1 (<c>wsrep_cluster_conf_id</c> outside a Primary component).</summary>
    private static long? Long(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unsigned) ? unchecked((long)unsigned)
        : null;

    private static double? Double(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static GaleraNodeState TimeoutState(GaleraProbePhase phase) => phase switch
    {
        GaleraProbePhase.Connect => GaleraNodeState.Unreachable,
        GaleraProbePhase.Login => GaleraNodeState.HandshakeTimeout,
        _ => GaleraNodeState.QueryTimeout,
    };

    private static string PhaseText(GaleraProbePhase phase) => phase switch
    {
        GaleraProbePhase.Connect => "no TCP connection",
        GaleraProbePhase.Login => "TCP accepted, no greeting or login",
        _ => "logged in, wsrep status not answered",
    };

    private static GaleraNodeState StateOfServerError(int number) => number switch
    {
        1044 or 1045 or 1698 or 1251 => GaleraNodeState.AuthFailed,
        1040 or 1203 or 1226 => GaleraNodeState.TooManyConnections,
        _ => GaleraNodeState.Error,
    };

    private static GaleraNodeState StateOf(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => GaleraNodeState.Refused,
        SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => GaleraNodeState.Unreachable,
        _ => GaleraNodeState.Error,
    };

    private sealed record FlowControlSample(long PausedNs, long Timestamp);
}
