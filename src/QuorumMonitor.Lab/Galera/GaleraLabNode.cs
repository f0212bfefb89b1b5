using System.Diagnostics;
using System.Globalization;
using QuorumMonitor.Lab.Processes;
using MySqlConnector;

namespace QuorumMonitor.Lab.Galera;

/// <summary>
/// One real MariaDB Galera node on loopback: its client port, its group (gmcast) port, its IST and SST receive ports,
/// a datadir of its own, owned by pid. Administration goes through its Unix socket as root (no password).
/// </summary>
public sealed class GaleraLabNode : IDisposable
{
    private const string Provider = "/usr/lib/galera/libgalera_smm.so";

    /// <summary>Small buffers: a lab node starts in about a second and costs little memory.</summary>
    private static readonly string[] SmallServer =
        ["--innodb-buffer-pool-size=16M", "--innodb-log-file-size=4M", "--skip-name-resolve", "--performance-schema=OFF"];

    private readonly string _dir;
    private readonly string _pidDir;
    private LabProcess? _process;

    internal GaleraLabNode(string name, int index, FreePorts ports, string dir, string pidDir)
    {
        Name = name;
        Index = index;
        Port = ports.Next();
        GroupPort = ports.Next();
        IstPort = ports.Next();
        SstPort = ports.Next();
        _dir = dir;
        _pidDir = pidDir;
    }

    public string Name { get; }

    /// <summary>1-based position in the cluster; also the server_id.</summary>
    public int Index { get; }

    /// <summary>The client (MySQL protocol) port: what the monitor probes.</summary>
    public int Port { get; }

    /// <summary>gmcast.listen_addr: group communication between nodes.</summary>
    public int GroupPort { get; }

    public int IstPort { get; }

    /// <summary>wsrep_sst_receive_address: every node its own, so two joiners never collide on 4444.</summary>
    public int SstPort { get; }

    public string Endpoint => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string GroupAddress => $"127.0.0.1:{GroupPort.ToString(CultureInfo.InvariantCulture)}";

    public string SocketPath => Path.Combine(_dir, "mysqld.sock");

    public string LogFile => Path.Combine(_dir, "server.log");

    public bool IsRunning => _process is { HasExited: false };

    public bool IsFrozen => _process is { Frozen: true };

    public int? Pid => _process is { HasExited: false } p ? p.Pid : null;

    internal string DataDir => Path.Combine(_dir, "data");

    private string TmpDir => Directory.CreateDirectory(Path.Combine(_dir, "tmp")).FullName;

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Creates a fresh datadir with <c>mariadb-install-db</c>: the bootstrap node's.</summary>
    internal async Task InstallAsync(CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("mariadb-install-db") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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

    /// <summary>
    /// An empty datadir that an rsync SST can fill. Run as root, the SST's rsync daemon drops to <c>nobody</c>, which
    /// must own the datadir (it sets its permissions) and be able to walk down to it.
    /// </summary>
    internal async Task PrepareJoinerAsync(IEnumerable<string> ancestors, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDir);
        if (!IsRoot || OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var dir in ancestors.Append(_dir))
        {
            var mode = File.GetUnixFileMode(dir);
            File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
        }

        var psi = new ProcessStartInfo("chown") { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add("nobody:");
        psi.ArgumentList.Add(DataDir);
        using var chown = Process.Start(psi) ?? throw new InvalidOperationException("could not start chown");
        var stderr = chown.StandardError.ReadToEndAsync(cancellationToken);
        await chown.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown nobody {DataDir} failed: {await stderr.ConfigureAwait(false)}");
        }
    }

    /// <param name="clusterAddress">gcomm://host:port,... of every node.</param>
    /// <param name="bootstrap">Start a new cluster (<c>--wsrep-new-cluster</c>): the first node only, once.</param>
    internal void Start(string clusterAddress, bool bootstrap)
    {
        if (IsRunning)
        {
            return;
        }

        var providerOptions = string.Join("; ",
            $"gmcast.listen_addr=tcp://{GroupAddress}",
            $"ist.recv_addr=127.0.0.1:{IstPort.ToString(CultureInfo.InvariantCulture)}",
            "gcache.size=16M",
            // Quicker eviction of a dead peer than the defaults (5 s / 15 s), still far above a loaded machine's stalls.
            "evs.suspect_timeout=PT3S",
            "evs.inactive_timeout=PT8S");
        List<string> args =
        [
            "--no-defaults",
            $"--datadir={DataDir}",
            $"--tmpdir={TmpDir}",
            $"--socket={SocketPath}",
            $"--pid-file={Path.Combine(_dir, "mysqld.pid")}",
            $"--port={Port.ToString(CultureInfo.InvariantCulture)}",
            "--bind-address=127.0.0.1",
            $"--server-id={Index.ToString(CultureInfo.InvariantCulture)}",
            "--binlog-format=ROW",
            "--innodb-autoinc-lock-mode=2",
            .. SmallServer,
            "--wsrep-on=ON",
            $"--wsrep-provider={Provider}",
            "--wsrep-cluster-name=quorum-monitor-lab",
            $"--wsrep-node-name={Name}",
            $"--wsrep-node-address={GroupAddress}",
            $"--wsrep-cluster-address={clusterAddress}",
            $"--wsrep-provider-options={providerOptions}",
            $"--wsrep-sst-receive-address=127.0.0.1:{SstPort.ToString(CultureInfo.InvariantCulture)}",
            "--wsrep-sst-method=rsync",
        ];
        if (bootstrap)
        {
            args.Add("--wsrep-new-cluster");
        }

        if (IsRoot)
        {
            args.Add("--user=root");
        }

        _process = LabProcess.Start(Name, "mariadbd", args, _dir, LogFile, _pidDir);
    }

    /// <summary>Waits until the node answers and reports <c>wsrep_local_state_comment=Synced</c>.</summary>
    public async Task WaitSyncedAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var until = TimeProvider.System.GetUtcNow() + timeout;
        string? last = null;
        while (true)
        {
            try
            {
                last = await StatusAsync("wsrep_local_state_comment", cancellationToken).ConfigureAwait(false);
                if (last == "Synced")
                {
                    return;
                }
            }
            catch (MySqlException ex) when (IsRunning)
            {
                last = ex.Message;
            }

            if (TimeProvider.System.GetUtcNow() > until || !IsRunning)
            {
                throw new TimeoutException($"{Name} is not Synced after {timeout} (running: {IsRunning}, last: {last}); its log ends: {LogTail()}");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One status variable (<c>SHOW GLOBAL STATUS LIKE</c>), or null when the server has none of that name.</summary>
    public async Task<string?> StatusAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAdminAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand("SHOW GLOBAL STATUS LIKE @name", connection);
        command.Parameters.AddWithValue("@name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetString(1) : null;
    }

    /// <summary>Runs administrative SQL as root over the socket (e.g. <c>SET GLOBAL wsrep_desync=ON</c>).</summary>
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

    /// <summary>SIGSTOP: the kernel still accepts TCP connections, the node sends nothing (to clients or peers).</summary>
    public void Freeze() => _process?.Freeze();

    public void Resume() => _process?.Resume();

    /// <summary>SIGKILL, as <c>kill -9</c> or a crash.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>A clean shutdown (SIGTERM): the node leaves the cluster gracefully.</summary>
    public void Stop() => _process?.Stop(TimeSpan.FromSeconds(15));

    public void Dispose() => _process?.Dispose();

    public string LogTail(int lines = 8)
    {
        try
        {
            return string.Join(" | ", File.ReadLines(LogFile).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private async Task<MySqlConnection> OpenAdminAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = SocketPath,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = "root",
            Pooling = false,
            ConnectionTimeout = 5,
            DefaultCommandTimeout = 10,
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
}
