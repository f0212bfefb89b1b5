using System.Data.Common;
using System.Globalization;
using QuorumMonitor.MySql.Model;
using MySqlConnector;

namespace QuorumMonitor.MySql.Probes;

/// <summary>
/// The read-only queries a probe runs on an open connection. Each needs only what the documented monitor user has:
/// no table but the heartbeat table is read.
/// </summary>
public static class MySqlServerQueries
{
    /// <summary>Server-side bound on a query stuck behind a table lock, so abandoned probes do not pile up.</summary>
    public static async Task LimitLockWaitAsync(MySqlConnection connection, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(deadline.TotalSeconds) + 1;
        await using var command = new MySqlCommand($"SET SESSION lock_wait_timeout = {seconds.ToString(CultureInfo.InvariantCulture)}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<MySqlServerVariables> ReadVariablesAsync(MySqlConnection connection, bool mariaDb, CancellationToken cancellationToken)
    {
        var gtid = mariaDb ? "@@global.gtid_current_pos" : "@@global.gtid_executed";
        await using var command = new MySqlCommand($"SELECT @@server_id, @@read_only, {gtid}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidDataException("SELECT @@server_id returned no row");
        }

        return new MySqlServerVariables(
            Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) != 0,
            reader.IsDBNull(2) ? null : reader.GetValue(2).ToString());
    }

    /// <returns>The first replication channel's status, or null when the server replicates from nothing.</returns>
    public static async Task<MySqlReplicationStatus?> ReadReplicaStatusAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadReplicaStatusAsync(connection, "SHOW REPLICA STATUS", cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.ParseError)
        {
            // Servers older than MariaDB 10.5 / MySQL 8.0.22 only know the old spelling.
            return await ReadReplicaStatusAsync(connection, "SHOW SLAVE STATUS", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>pt-heartbeat lag: the server's UTC now minus the last <c>ts</c> written for <paramref name="serverId"/> (or the newest row).</summary>
    /// <returns>Seconds; null when the table has no such row.</returns>
    public static async Task<double?> ReadHeartbeatLagAsync(MySqlConnection connection, string table, long? serverId, CancellationToken cancellationToken)
    {
        var where = serverId is null ? "ORDER BY ts DESC LIMIT 1" : "WHERE server_id = @id";
        await using var command = new MySqlCommand(
            $"SELECT TIMESTAMPDIFF(MICROSECOND, ts, UTC_TIMESTAMP(6)) FROM {table} {where}", connection);
        if (serverId is { } id)
        {
            command.Parameters.AddWithValue("@id", id);
        }

        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture) / 1_000_000.0;
    }

    private static async Task<MySqlReplicationStatus?> ReadReplicaStatusAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new MySqlReplicationStatus
        {
            IoRunning = Text(reader, "Slave_IO_Running", "Replica_IO_Running") ?? "No",
            SqlRunning = Text(reader, "Slave_SQL_Running", "Replica_SQL_Running") ?? "No",
            SecondsBehindMaster = Long(reader, "Seconds_Behind_Master", "Seconds_Behind_Source"),
            MasterHost = Text(reader, "Master_Host", "Source_Host"),
            MasterPort = (int?)Long(reader, "Master_Port", "Source_Port"),
            MasterServerId = Long(reader, "Master_Server_Id", "Source_Server_Id"),
            LastIoErrno = (int)(Long(reader, "Last_IO_Errno") ?? 0),
            LastIoError = Text(reader, "Last_IO_Error"),
            LastSqlErrno = (int)(Long(reader, "Last_SQL_Errno") ?? 0),
            LastSqlError = Text(reader, "Last_SQL_Error"),
            GtidIoPosition = Text(reader, "Gtid_IO_Pos", "Retrieved_Gtid_Set"),
            UsingGtid = Text(reader, "Using_Gtid", "Auto_Position"),
        };
    }

    private static int Ordinal(DbDataReader reader, string[] names)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (names.Contains(reader.GetName(i), StringComparer.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string? Text(DbDataReader reader, params string[] names)
    {
        var i = Ordinal(reader, names);
        if (i < 0 || reader.IsDBNull(i))
        {
            return null;
        }

        var text = Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static long? Long(DbDataReader reader, params string[] names)
    {
        var text = Text(reader, names);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
