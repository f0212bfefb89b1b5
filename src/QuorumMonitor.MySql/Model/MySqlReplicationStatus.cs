namespace QuorumMonitor.MySql.Model;

/// <summary>A replica's <c>SHOW REPLICA STATUS</c> (MariaDB and MySQL column names both understood).</summary>
public sealed record MySqlReplicationStatus
{
    /// <summary><c>Yes</c>, <c>No</c> or <c>Connecting</c>, as the server says.</summary>
    public required string IoRunning { get; init; }

    public required string SqlRunning { get; init; }

    /// <summary><c>Seconds_Behind_Master</c>; null when the server does not know (threads stopped).</summary>
    public long? SecondsBehindMaster { get; init; }

    public string? MasterHost { get; init; }

    public int? MasterPort { get; init; }

    public long? MasterServerId { get; init; }

    public int LastIoErrno { get; init; }

    public string? LastIoError { get; init; }

    public int LastSqlErrno { get; init; }

    public string? LastSqlError { get; init; }

    /// <summary>MariaDB <c>Gtid_IO_Pos</c> or MySQL <c>Retrieved_Gtid_Set</c>.</summary>
    public string? GtidIoPosition { get; init; }

    /// <summary>MariaDB <c>Using_Gtid</c> (No, Slave_Pos, Current_Pos) or MySQL <c>Auto_Position</c>.</summary>
    public string? UsingGtid { get; init; }

    public bool IoThreadRunning => string.Equals(IoRunning, "Yes", StringComparison.OrdinalIgnoreCase);

    public bool SqlThreadRunning => string.Equals(SqlRunning, "Yes", StringComparison.OrdinalIgnoreCase);

    public bool Running => IoThreadRunning && SqlThreadRunning;
}
