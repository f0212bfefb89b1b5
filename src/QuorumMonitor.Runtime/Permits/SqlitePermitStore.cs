using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Runtime.Permits;

/// <summary>
/// Permits in the state file (<c>notify.stateFile</c>, the SQLite file the outbox keeps), so a monitor that restarts
/// (or is SIGKILLed) still honours the permits it granted and still ends them at their lease. Reads come from a copy in
/// memory; every change is written through at once (one small row: the broker calls it under its lock, and grants are
/// rare). A grant that cannot be written is refused (<see cref="PermitStoreException"/>); a later change that cannot
/// be written is kept in memory and logged.
/// </summary>
public sealed partial class SqlitePermitStore : IPermitStore, IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS permits (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            cluster TEXT NOT NULL,
            member TEXT NOT NULL,
            holder TEXT NOT NULL,
            reason TEXT NOT NULL,
            granted_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            state TEXT NOT NULL,
            seen_down INTEGER NOT NULL,
            ended_at INTEGER,
            end_reason TEXT,
            forced INTEGER NOT NULL DEFAULT 0
        );
        """;

    /// <summary>State files written before forced permits existed lack the column; it is added, defaulting to not forced.</summary>
    private const string AddForced = "ALTER TABLE permits ADD COLUMN forced INTEGER NOT NULL DEFAULT 0";

    private readonly SqliteConnection _db;
    private readonly List<Permit> _permits;
    private readonly ILogger<SqlitePermitStore> _log;
    private readonly Lock _lock = new();
    private long _lastId;

    private SqlitePermitStore(SqliteConnection db, List<Permit> permits, ILogger<SqlitePermitStore> log)
    {
        _db = db;
        _permits = permits;
        _lastId = permits.Count == 0 ? 0 : permits.Max(p => p.Id);
        _log = log;
    }

    /// <exception cref="ConfigException">The file cannot be opened or read: names <c>notify.stateFile</c>.</exception>
    public static SqlitePermitStore Open(string path, ILogger<SqlitePermitStore> log)
    {
        SqliteConnection? db = null;
        try
        {
            db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            db.Open();
            using (var setup = db.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=1000;" + Schema;
                setup.ExecuteNonQuery();
            }

            if (!HasColumn(db, "forced"))
            {
                using var migrate = db.CreateCommand();
                migrate.CommandText = AddForced;
                migrate.ExecuteNonQuery();
            }

            var permits = new List<Permit>();
            using (var read = db.CreateCommand())
            {
                read.CommandText = "SELECT id, kind, cluster, member, holder, reason, granted_at, expires_at, state, seen_down, ended_at, end_reason, forced FROM permits ORDER BY id";
                using var row = read.ExecuteReader();
                while (row.Read())
                {
                    permits.Add(new Permit
                    {
                        Id = row.GetInt64(0),
                        Kind = row.GetString(1),
                        Cluster = row.GetString(2),
                        Member = row.GetString(3),
                        Holder = row.GetString(4),
                        Reason = row.GetString(5),
                        GrantedAt = new DateTimeOffset(row.GetInt64(6), TimeSpan.Zero),
                        ExpiresAt = new DateTimeOffset(row.GetInt64(7), TimeSpan.Zero),
                        State = Enum.Parse<PermitState>(row.GetString(8)),
                        SeenDown = row.GetInt64(9) != 0,
                        EndedAt = row.IsDBNull(10) ? null : new DateTimeOffset(row.GetInt64(10), TimeSpan.Zero),
                        EndReason = row.IsDBNull(11) ? null : row.GetString(11),
                        Forced = row.GetInt64(12) != 0,
                    });
                }
            }

            return new SqlitePermitStore(db, permits, log);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            db?.Dispose();
            throw new ConfigException([new ConfigError("notify.stateFile", 0, $"cannot keep restart permits in {path}: {ex.Message}")]);
        }
        catch
        {
            db?.Dispose();
            throw;
        }
    }

    public Permit Add(Func<long, Permit> create)
    {
        lock (_lock)
        {
            var permit = create(_lastId + 1);
            try
            {
                Write(permit);
            }
            catch (SqliteException ex)
            {
                throw new PermitStoreException($"the state file (notify.stateFile) cannot be written: {ex.Message}", ex);
            }

            _lastId = permit.Id;
            _permits.Add(permit);
            return permit;
        }
    }

    public void Update(Permit permit)
    {
        lock (_lock)
        {
            var i = _permits.FindIndex(p => p.Id == permit.Id);
            if (i < 0)
            {
                return;
            }

            _permits[i] = permit;
            try
            {
                Write(permit);
                Trim();
            }
            catch (SqliteException ex)
            {
                LogWriteFailed(permit.Id, ex.Message);
            }
        }
    }

    public IReadOnlyList<Permit> All()
    {
        lock (_lock)
        {
            return [.. _permits];
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _db.Dispose();
        }
    }

    private void Write(Permit p)
    {
        using var upsert = _db.CreateCommand();
        upsert.CommandText = """
            INSERT INTO permits (id, kind, cluster, member, holder, reason, granted_at, expires_at, state, seen_down, ended_at, end_reason, forced)
            VALUES ($id, $kind, $cluster, $member, $holder, $reason, $granted, $expires, $state, $seen, $ended, $why, $forced)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, seen_down = excluded.seen_down, ended_at = excluded.ended_at, end_reason = excluded.end_reason
            """;
        upsert.Parameters.AddWithValue("$id", p.Id);
        upsert.Parameters.AddWithValue("$kind", p.Kind);
        upsert.Parameters.AddWithValue("$cluster", p.Cluster);
        upsert.Parameters.AddWithValue("$member", p.Member);
        upsert.Parameters.AddWithValue("$holder", p.Holder);
        upsert.Parameters.AddWithValue("$reason", p.Reason);
        upsert.Parameters.AddWithValue("$granted", p.GrantedAt.UtcTicks);
        upsert.Parameters.AddWithValue("$expires", p.ExpiresAt.UtcTicks);
        upsert.Parameters.AddWithValue("$state", p.State.ToString());
        upsert.Parameters.AddWithValue("$seen", p.SeenDown ? 1 : 0);
        upsert.Parameters.AddWithValue("$ended", p.EndedAt is { } e ? e.UtcTicks : DBNull.Value);
        upsert.Parameters.AddWithValue("$why", (object?)p.EndReason ?? DBNull.Value);
        upsert.Parameters.AddWithValue("$forced", p.Forced ? 1 : 0);
        upsert.ExecuteNonQuery();
    }

    private static bool HasColumn(SqliteConnection db, string column)
    {
        using var info = db.CreateCommand();
        info.CommandText = "SELECT COUNT(*) FROM pragma_table_info('permits') WHERE name = $name";
        info.Parameters.AddWithValue("$name", column);
        return Convert.ToInt64(info.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>As <see cref="InMemoryPermitStore"/>: every held permit, the last <see cref="InMemoryPermitStore.KeepEnded"/> ended ones.</summary>
    private void Trim()
    {
        var ended = _permits.Where(p => !p.IsHeld).ToList();
        if (ended.Count <= InMemoryPermitStore.KeepEnded)
        {
            return;
        }

        var drop = ended.Take(ended.Count - InMemoryPermitStore.KeepEnded).Select(p => p.Id).ToHashSet();
        using var delete = _db.CreateCommand();
        delete.CommandText = $"DELETE FROM permits WHERE id IN ({string.Join(',', drop.Select(id => id.ToString(CultureInfo.InvariantCulture)))})";
        delete.ExecuteNonQuery();
        _permits.RemoveAll(p => drop.Contains(p.Id));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "permit #{Id}: its change could not be written to the state file (notify.stateFile): {Error}; kept in memory only")]
    private partial void LogWriteFailed(long id, string error);
}
