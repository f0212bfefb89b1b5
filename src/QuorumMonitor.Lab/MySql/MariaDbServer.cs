using System.Diagnostics;
using System.Globalization;
using QuorumMonitor.Lab.Processes;
using MySqlConnector;

namespace QuorumMonitor.Lab.MySql;

/// <summary>
/// One real MariaDB server on a free loopback port with a temporary datadir, binary log and GTIDs on, owned by pid.
/// Administration goes through its Unix socket as root (no password), never through the monitor's user.
/// </summary>
public sealed class MariaDbServer : IDisposable
{
    /// <summary>Small buffers: a lab server starts in well under a second and costs little memory.</summary>
    private static readonly string[] SmallServer =
        ["--innodb-buffer-pool-size=16M", "--innodb-log-file-size=4M", "--skip-name-resolve", "--performance-schema=OFF"];

    private readonly string _dir;
    private readonly string _pidDir;
    private readonly bool _eventScheduler;
    private LabProcess? _process;

    private MariaDbServer(string name, int serverId, int port, string dir, string pidDir, bool eventScheduler)
    {
        Name = name;
        ServerId = serverId;
        Port = port;
        _dir = dir;
        _pidDir = pidDir;
        _eventScheduler = eventScheduler;
    }

    public string Name { get; }

    public int ServerId { get; }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string SocketPath => Path.Combine(_dir, "mysqld.sock");

    public string LogFile => Path.Combine(_dir, "server.log");

    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    public bool IsRunning => _process is { HasExited: false };

    private string DataDir => Path.Combine(_dir, "data");

    /// <summary>Its own tmpdir: two servers bootstrapping at once in a shared /tmp collide on temporary table names.</summary>
    private string TmpDir => Directory.CreateDirectory(Path.Combine(_dir, "tmp")).FullName;

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Creates the datadir (<c>mariadb-install-db</c>) and starts the server; <see cref="WaitReadyAsync"/> waits for it.</summary>
    public static async Task<MariaDbServer> CreateAsync(string name, int serverId, FreePorts ports, LabDirectory lab, bool eventScheduler, CancellationToken cancellationToken)
    {
        var server = new MariaDbServer(name, serverId, ports.Next(), lab.Sub(name), lab.PidDir, eventScheduler);
        await server.InstallAsync(cancellationToken).ConfigureAwait(false);
        server.Start();
        return server;
    }

    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        List<string> args =
        [
            "--no-defaults",
            $"--datadir={DataDir}",
            $"--tmpdir={TmpDir}",
            $"--socket={SocketPath}",
            $"--pid-file={Path.Combine(_dir, "mysqld.pid")}",
            $"--port={Port.ToString(CultureInfo.InvariantCulture)}",
            "--bind-address=127.0.0.1",
            $"--server-id={ServerId.ToString(CultureInfo.InvariantCulture)}",
            "--log-bin=mysql-bin",
            "--log-slave-updates",
            "--binlog-format=ROW",
            $"--event-scheduler={(_eventScheduler ? "ON" : "OFF")}",
            .. SmallServer,
        ];
        if (IsRoot)
        {
            args.Add("--user=root");
        }

        _process = LabProcess.Start(Name, "mariadbd", args, _dir, LogFile, _pidDir);
    }

    /// <summary>Waits until root can log in over the socket.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var until = TimeProvider.System.GetUtcNow() + timeout;
        while (true)
        {
            try
            {
                await ExecuteAsync("SELECT 1", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (MySqlException) when (TimeProvider.System.GetUtcNow() < until && IsRunning)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch (MySqlException ex)
            {
                throw new TimeoutException($"{Name} is not ready after {timeout} (running: {IsRunning}); its log ends: {LogTail()}", ex);
            }
        }
    }

    /// <summary>Opens an administrative (root, socket) connection; the caller disposes it.</summary>
    public async Task<MySqlConnection> OpenAdminAsync(CancellationToken cancellationToken = default)
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = SocketPath,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = "root",
            Pooling = false,
            ConnectionTimeout = 5,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAdminAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAdminAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SIGSTOP: the kernel still accepts TCP connections, the server sends nothing (the outage's freeze).</summary>
    public void Freeze() => _process?.Freeze();

    public void Resume() => _process?.Resume();

    /// <summary>SIGKILL, as <c>kill -9</c>.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>A clean shutdown (SIGTERM).</summary>
    public void Stop() => _process?.Stop(TimeSpan.FromSeconds(10));

    public void Dispose() => _process?.Dispose();

    private string LogTail()
    {
        try
        {
            return string.Join(" | ", File.ReadLines(LogFile).TakeLast(5));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private async Task InstallAsync(CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("mariadb-install-db")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["--no-defaults", $"--datadir={DataDir}", $"--tmpdir={TmpDir}", "--auth-root-authentication-method=normal", "--skip-test-db", .. SmallServer])
        {
            psi.ArgumentList.Add(a);
        }

        if (IsRoot)
        {
            psi.ArgumentList.Add("--user=root");
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start mariadb-install-db");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mariadb-install-db failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
    }
}
