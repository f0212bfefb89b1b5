using QuorumMonitor.Core.Config;
namespace QuorumMonitor.MySql.Config;

/// <summary>
/// A pt-heartbeat style table (<c>ts</c> written in UTC by the primary, keyed by <c>server_id</c>): replicas report
/// lag as now minus the primary's last <c>ts</c>, and every probe reads it, so a table no query can read shows up as
/// a query timeout.
/// </summary>
public sealed record MySqlHeartbeatConfig
{
    /// <summary><c>database.table</c>, validated as two plain identifiers.</summary>
    public required string Table { get; init; }

    /// <summary>The row to read (the primary's <c>server_id</c>); null: the replica's master, else the newest row.</summary>
    public long? ServerId { get; init; }
}
