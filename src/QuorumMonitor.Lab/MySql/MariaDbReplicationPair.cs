using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using QuorumMonitor.Lab.Processes;
using MySqlConnector;

namespace QuorumMonitor.Lab.MySql;

/// <summary>
/// A MariaDB primary and one GTID replica on loopback, with the documented minimal-privilege monitor user and a
/// pt-heartbeat style table that an event on the primary updates every second. Disposing it kills both by pid.
/// </summary>
public sealed class MariaDbReplicationPair : IDisposable
{
    public const string MonitorUser = "monitor";
    public const string HeartbeatTable = "monitoring.heartbeat";

    /// <summary>What the monitor user may do, and nothing more (README: "MySQL monitor user").</summary>
    public static readonly string[] MonitorGrants =
    [
        "GRANT PROCESS, REPLICATION CLIENT, SLAVE MONITOR ON *.* TO 'monitor'@'127.0.0.1'",
        "GRANT SELECT ON monitoring.heartbeat TO 'monitor'@'127.0.0.1'",
    ];

    private const string ReplicationUser = "repl";

    private MariaDbReplicationPair(MariaDbServer primary, MariaDbServer replica, string monitorPassword, string passwordFile)
    {
        Primary = primary;
        Replica = replica;
        MonitorPassword = monitorPassword;
        PasswordFile = passwordFile;
    }

    public MariaDbServer Primary { get; }

    public MariaDbServer Replica { get; }

    /// <summary>Random per lab; tests check that it never appears in output.</summary>
    public string MonitorPassword { get; }

    /// <summary>A file holding <see cref="MonitorPassword"/> (mode 600): what the generated config points at.</summary>
    public string PasswordFile { get; }

    public static async Task<MariaDbReplicationPair> StartAsync(FreePorts ports, LabDirectory lab, string name = "mariadb", CancellationToken cancellationToken = default)
    {
        var password = RandomSecret();
        var replPassword = RandomSecret();
        var creating = new[]
        {
            MariaDbServer.CreateAsync($"{name}-primary", 1, ports, lab, eventScheduler: true, cancellationToken),
            MariaDbServer.CreateAsync($"{name}-replica", 2, ports, lab, eventScheduler: false, cancellationToken),
        };
        MariaDbServer[] servers;
        try
        {
            servers = await Task.WhenAll(creating).ConfigureAwait(false);
        }
        catch
        {
            // One failed to start: the other may be running already, and nothing else owns it.
            foreach (var started in creating.Where(t => t.IsCompletedSuccessfully))
            {
                started.Result.Dispose();
            }

            throw;
        }

        var passwordFile = Path.Combine(lab.Sub(name), "monitor-password");
        var pair = new MariaDbReplicationPair(servers[0], servers[1], password, passwordFile);
        try
        {
            await File.WriteAllTextAsync(passwordFile, password + "\n", cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            await Task.WhenAll(
                pair.Primary.WaitReadyAsync(TimeSpan.FromSeconds(30), cancellationToken),
                pair.Replica.WaitReadyAsync(TimeSpan.FromSeconds(30), cancellationToken)).ConfigureAwait(false);

            // Everything below is written to the primary's binary log, so the replica replays it: same users, same table.
            await pair.Primary.ExecuteAsync(string.Join(";\n", (string[])
            [
                $"CREATE USER '{ReplicationUser}'@'127.0.0.1' IDENTIFIED BY '{replPassword}'",
                $"GRANT REPLICATION SLAVE ON *.* TO '{ReplicationUser}'@'127.0.0.1'",
                $"CREATE USER '{MonitorUser}'@'127.0.0.1' IDENTIFIED BY '{password}'",
                "CREATE DATABASE monitoring",
                // pt-heartbeat's own table layout; ts is UTC, as pt-heartbeat --utc writes it.
                "CREATE TABLE monitoring.heartbeat (ts varchar(26) NOT NULL, server_id int unsigned NOT NULL PRIMARY KEY, "
                    + "file varchar(255) DEFAULT NULL, position bigint unsigned DEFAULT NULL, "
                    + "relay_master_log_file varchar(255) DEFAULT NULL, exec_master_log_pos bigint unsigned DEFAULT NULL)",
                "CREATE EVENT monitoring.heartbeat_writer ON SCHEDULE EVERY 1 SECOND DO "
                    + "REPLACE INTO monitoring.heartbeat (ts, server_id) VALUES (DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%f'), @@server_id)",
                .. MonitorGrants,
            ]), cancellationToken).ConfigureAwait(false);
            await pair.Replica.ExecuteAsync(
                $"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={pair.Primary.Port.ToString(CultureInfo.InvariantCulture)}, "
                + $"MASTER_USER='{ReplicationUser}', MASTER_PASSWORD='{replPassword}', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; "
                + "START SLAVE", cancellationToken).ConfigureAwait(false);
            await pair.WaitForReplicaAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return pair;
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the replica runs both threads and has the primary's heartbeat row.</summary>
    public async Task WaitForReplicaAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var until = TimeProvider.System.GetUtcNow() + timeout;
        while (true)
        {
            var caughtUp = await Replica.ScalarAsync(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'monitoring' AND table_name = 'heartbeat'", cancellationToken).ConfigureAwait(false);
            if (Convert.ToInt64(caughtUp, CultureInfo.InvariantCulture) == 1
                && Convert.ToInt64(await Replica.ScalarAsync("SELECT COUNT(*) FROM monitoring.heartbeat WHERE server_id = 1", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 1
                && await ReplicaRunningAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (TimeProvider.System.GetUtcNow() > until)
            {
                throw new TimeoutException($"the replica has not caught up after {timeout}; see {Replica.LogFile}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Holds <c>LOCK TABLES monitoring.heartbeat WRITE</c> on the primary until disposed: the server answers, but no
    /// other session can read the table (a query that cannot finish).
    /// </summary>
    public async Task<IAsyncDisposable> LockHeartbeatAsync(CancellationToken cancellationToken = default)
    {
        var connection = await Primary.OpenAdminAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new MySqlCommand($"LOCK TABLES {HeartbeatTable} WRITE", connection))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return connection;
    }

    public Task StopReplicaSqlThreadAsync(CancellationToken cancellationToken = default) =>
        Replica.ExecuteAsync("STOP SLAVE SQL_THREAD", cancellationToken);

    public Task StartReplicaAsync(CancellationToken cancellationToken = default) =>
        Replica.ExecuteAsync("START SLAVE", cancellationToken);

    /// <summary>The monitor's config entry for this pair, password from <see cref="PasswordFile"/>.</summary>
    public string ToYaml(string clusterName, TimeSpan? deadline = null, bool heartbeat = true, string? passwordFile = null)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"  - name: {clusterName}\n");
        sb.Append(CultureInfo.InvariantCulture, $"    passwordFile: {passwordFile ?? PasswordFile}\n");
        if (deadline is { } d)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    deadline: {(int)d.TotalMilliseconds}ms\n");
        }

        if (heartbeat)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    heartbeat:\n      table: {HeartbeatTable}\n");
        }

        sb.Append("    instances:\n");
        foreach (var (server, role) in new[] { (Primary, "primary"), (Replica, "replica") })
        {
            sb.Append(CultureInfo.InvariantCulture, $"      - name: {role}\n        role: {role}\n");
            sb.Append(CultureInfo.InvariantCulture, $"        connectionString: \"Server=127.0.0.1;Port={server.Port};User ID={MonitorUser}\"\n");
        }

        return sb.ToString();
    }

    public void Dispose()
    {
        Replica.Dispose();
        Primary.Dispose();
    }

    private async Task<bool> ReplicaRunningAsync(CancellationToken cancellationToken)
    {
        await using var connection = await Replica.OpenAdminAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand("SHOW SLAVE STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            && reader.GetString(reader.GetOrdinal("Slave_IO_Running")) == "Yes"
            && reader.GetString(reader.GetOrdinal("Slave_SQL_Running")) == "Yes";
    }

    private static string RandomSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
}
