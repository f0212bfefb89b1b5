using System.Net.Sockets;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.MySql.Probes.Handshake;
using MySqlConnector;

namespace QuorumMonitor.MySql.Probes;

/// <summary>
/// Probes one MySQL/MariaDB instance under its own deadline, which it enforces itself whatever the driver does:
/// a raw connection reads the server's greeting (refused / unreachable / frozen are told apart there), then a fresh,
/// unpooled driver connection logs in and runs the read-only queries (variables, heartbeat, replica status).
/// When the deadline hits, the state is the phase it hit in, and the connection is closed in the background.
/// </summary>
public sealed class MySqlInstanceProbe : IProbeUnit
{
    private readonly MySqlInstanceConfig _config;
    private readonly MySqlHeartbeatConfig? _heartbeat;
    private readonly TimeProvider _time;
    private readonly MySqlConnectionStringBuilder _connection;
    private int _phase;

    public MySqlInstanceProbe(MySqlInstanceConfig config, MySqlHeartbeatConfig? heartbeat, TimeSpan deadline, TimeProvider time)
    {
        _config = config;
        _heartbeat = heartbeat;
        _time = time;
        Deadline = deadline;

        // The driver's own timeouts sit past the deadline: the probe, not the driver, decides when to give up.
        var driverSeconds = (uint)Math.Ceiling(deadline.TotalSeconds) + 2;
        _connection = new MySqlConnectionStringBuilder(config.ConnectionString)
        {
            Pooling = false,
            ConnectionTimeout = driverSeconds,
            DefaultCommandTimeout = driverSeconds,
        };
    }

    public string Id => _config.Name;

    public MySqlInstanceConfig Config => _config;

    public TimeSpan Deadline { get; }

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(Deadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var token = linked.Token;
        var probe = new Attempt(this, at, started);
        Volatile.Write(ref _phase, (int)MySqlProbePhase.Connect);
        try
        {
            var greeting = await GreetAsync(probe, token).ConfigureAwait(false);
            if (greeting.IsError)
            {
                return probe.Result(StateOfServerError(greeting.ErrorCode!.Value), $"server refused the connection: {greeting.ErrorCode} {greeting.ErrorMessage}");
            }

            string? password;
            try
            {
                password = _config.Password.Resolve();
            }
            catch (InvalidOperationException ex)
            {
                return probe.Result(MySqlInstanceState.Error, $"monitor password unavailable: {ex.Message}");
            }

            return await LoginAndQueryAsync(probe, password, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // The runner's deadline (the caller's token) and this probe's own one fire together; either way the
            // phase reached says what did not answer. On shutdown the result is simply dropped.
            return probe.TimedOut(Phase);
        }
        catch (SocketException ex)
        {
            return probe.Result(StateOf(ex), ex.Message);
        }
        catch (Exception ex) when (ex is FormatException or EndOfStreamException or IOException)
        {
            return probe.Result(MySqlInstanceState.Error, $"unreadable greeting: {ex.Message}");
        }
    }

    public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) => new MySqlInstanceResult
    {
        UnitId = Id,
        At = at,
        Duration = elapsed,
        Name = _config.Name,
        Role = _config.Role,
        Endpoint = _config.Endpoint,
        State = kind == ProbeFailureKind.Timeout ? TimeoutState(Phase) : MySqlInstanceState.Error,
        Error = kind == ProbeFailureKind.Timeout ? $"{message} ({PhaseText(Phase)})" : message,
    };

    private MySqlProbePhase Phase => (MySqlProbePhase)Volatile.Read(ref _phase);

    private async Task<MySqlGreeting> GreetAsync(Attempt probe, CancellationToken token)
    {
        using var raw = new MySqlGreetingReader(_config.Endpoint);
        await raw.ConnectAsync(token).WaitAsync(token).ConfigureAwait(false);
        Volatile.Write(ref _phase, (int)MySqlProbePhase.Greeting);
        var connected = _time.GetTimestamp();
        var greeting = await raw.ReadGreetingAsync(token).WaitAsync(token).ConfigureAwait(false);
        probe.GreetingTime = _time.GetElapsedTime(connected);
        probe.Version = greeting.ServerVersion;
        return greeting;
    }

    private async Task<MySqlInstanceResult> LoginAndQueryAsync(Attempt probe, string? password, CancellationToken token)
    {
        var builder = new MySqlConnectionStringBuilder(_connection.ConnectionString) { Password = password ?? "" };
        var connection = new MySqlConnection(builder.ConnectionString);

        // The driver's cancellation of a running command opens a second connection to KILL it, synchronously on the
        // cancelling thread; so the driver gets a token of its own, cancelled off the probe's path once it has given up.
        var driver = new CancellationTokenSource();
        Task pending = Task.CompletedTask;
        try
        {
            Volatile.Write(ref _phase, (int)MySqlProbePhase.Login);
            await (pending = connection.OpenAsync(driver.Token)).WaitAsync(token).ConfigureAwait(false);
            Volatile.Write(ref _phase, (int)MySqlProbePhase.Query);
            var mariaDb = connection.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);
            await (pending = MySqlServerQueries.LimitLockWaitAsync(connection, Deadline, driver.Token)).WaitAsync(token).ConfigureAwait(false);

            var variablesTask = MySqlServerQueries.ReadVariablesAsync(connection, mariaDb, driver.Token);
            pending = variablesTask;
            var variables = await variablesTask.WaitAsync(token).ConfigureAwait(false);
            probe.ServerId = variables.ServerId;
            probe.ReadOnly = variables.ReadOnly;
            probe.GtidPosition = variables.GtidPosition;

            var (replication, replicationProblem) = await ReadReplicationAsync(connection, t => pending = t, driver.Token, token).ConfigureAwait(false);
            probe.Replication = replication;
            probe.ReplicationChecked = replicationProblem is null;

            if (_heartbeat is { } hb)
            {
                var serverId = hb.ServerId ?? replication?.MasterServerId;
                var lagTask = MySqlServerQueries.ReadHeartbeatLagAsync(connection, hb.Table, serverId, driver.Token);
                pending = lagTask;
                var lag = await lagTask.WaitAsync(token).ConfigureAwait(false);
                if (_config.Role == MySqlRole.Replica)
                {
                    probe.HeartbeatLagSeconds = lag;
                }
            }

            var state = _config.Role == MySqlRole.Primary && variables.ReadOnly ? MySqlInstanceState.ReadOnly : MySqlInstanceState.Ok;
            var note = state == MySqlInstanceState.ReadOnly ? "read_only is ON on the primary: writes are refused" : replicationProblem;
            return probe.Result(state, note);
        }
        catch (MySqlException ex) when (!token.IsCancellationRequested)
        {
            return ex.InnerException is SocketException socket
                ? probe.Result(StateOf(socket), socket.Message)
                : probe.Result(StateOfServerError(ex.Number), $"{ex.Number} {ex.Message}");
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

    private static async Task<(MySqlReplicationStatus? Status, string? Problem)> ReadReplicationAsync(
        MySqlConnection connection, Action<Task> track, CancellationToken driverToken, CancellationToken token)
    {
        var task = MySqlServerQueries.ReadReplicaStatusAsync(connection, driverToken);
        track(task);
        try
        {
            return (await task.WaitAsync(token).ConfigureAwait(false), null);
        }
        catch (MySqlException ex) when (!token.IsCancellationRequested
            && ex.ErrorCode is MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.AccessDenied or MySqlErrorCode.TableAccessDenied)
        {
            // The instance answers; only replication is invisible to a monitor user without REPLICATION CLIENT / SLAVE MONITOR.
            return (null, $"cannot read replica status: {ex.Number} {ex.Message}");
        }
    }

    /// <summary>
    /// Gives up on an operation that outlived the deadline without waiting for it: in the background, the driver is
    /// told to cancel (a stuck query is killed server-side where the server still answers) and the connection closed.
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
                // The server is frozen or gone; the socket is closed either way.
            }
            finally
            {
                driver.Dispose();
            }
        });
    }

    private static MySqlInstanceState TimeoutState(MySqlProbePhase phase) => phase switch
    {
        MySqlProbePhase.Connect => MySqlInstanceState.Unreachable,
        MySqlProbePhase.Greeting or MySqlProbePhase.Login => MySqlInstanceState.HandshakeTimeout,
        _ => MySqlInstanceState.QueryTimeout,
    };

    private static string PhaseText(MySqlProbePhase phase) => phase switch
    {
        MySqlProbePhase.Connect => "no TCP connection",
        MySqlProbePhase.Greeting => "TCP accepted, no server greeting",
        MySqlProbePhase.Login => "greeting received, login not answered",
        _ => "logged in, query not answered",
    };

    private static MySqlInstanceState StateOfServerError(int number) => number switch
    {
        1044 or 1045 or 1698 or 1251 => MySqlInstanceState.AuthFailed,
        1040 or 1203 or 1226 => MySqlInstanceState.TooManyConnections,
        _ => MySqlInstanceState.Error,
    };

    private static MySqlInstanceState StateOf(SocketException ex) => ex.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => MySqlInstanceState.Refused,
        SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => MySqlInstanceState.Unreachable,
        _ => MySqlInstanceState.Error,
    };

    /// <summary>What one attempt has learned so far; becomes the observation whatever phase ends it.</summary>
    private sealed class Attempt(MySqlInstanceProbe owner, DateTimeOffset at, long started)
    {
        public TimeSpan? GreetingTime { get; set; }
        public string? Version { get; set; }
        public long? ServerId { get; set; }
        public bool? ReadOnly { get; set; }
        public string? GtidPosition { get; set; }
        public MySqlReplicationStatus? Replication { get; set; }
        public bool ReplicationChecked { get; set; }
        public double? HeartbeatLagSeconds { get; set; }

        public MySqlInstanceResult TimedOut(MySqlProbePhase phase) => Result(
            TimeoutState(phase),
            $"no answer within {owner.Deadline.TotalMilliseconds:0} ms: {PhaseText(phase)}");

        public MySqlInstanceResult Result(MySqlInstanceState state, string? error) => new()
        {
            UnitId = owner.Id,
            At = at,
            Duration = owner._time.GetElapsedTime(started),
            Name = owner._config.Name,
            Role = owner._config.Role,
            Endpoint = owner._config.Endpoint,
            State = state,
            Error = error,
            Version = Version,
            ServerId = ServerId,
            ReadOnly = ReadOnly,
            GtidPosition = GtidPosition,
            Replication = Replication,
            ReplicationChecked = ReplicationChecked,
            HeartbeatLagSeconds = HeartbeatLagSeconds,
            GreetingTime = GreetingTime,
        };
    }
}
