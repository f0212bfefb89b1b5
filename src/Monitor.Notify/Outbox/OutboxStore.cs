using System.Text.Json;
using Microsoft.Data.Sqlite;
using Monitor.Core.Json;
using Monitor.Core.Model;

namespace Monitor.Notify.Outbox;

/// <summary>
/// The durable outbox and incident state in one SQLite file. Every notification is written here before it is sent
/// and removed only when its channel accepted it, so a crash at any point loses nothing (at-least-once; receivers
/// fold repeats by dedup key). WAL with synchronous=NORMAL survives a killed process; every call is short.
/// </summary>
public sealed class OutboxStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            channel TEXT NOT NULL,
            dedup_key TEXT NOT NULL,
            action TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT);
        CREATE INDEX IF NOT EXISTS outbox_by_channel ON outbox (channel, seq);
        CREATE TABLE IF NOT EXISTS dead_letters (
            seq INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            dedup_key TEXT NOT NULL,
            action TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            failed_at INTEGER NOT NULL,
            reason TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS incidents (
            dedup_key TEXT PRIMARY KEY,
            engine_id TEXT NOT NULL,
            identity TEXT NOT NULL,
            firing INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            channels TEXT NOT NULL,
            body TEXT NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS incidents_by_engine_id ON incidents (engine_id);
        """;

    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();
    private SqliteTransaction? _tx;

    private OutboxStore(SqliteConnection db) => _db = db;

    public static OutboxStore Open(string path)
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            db.Open();
            using (var pragma = db.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
                pragma.ExecuteNonQuery();
            }

            using var create = db.CreateCommand();
            create.CommandText = Schema;
            create.ExecuteNonQuery();
            return new OutboxStore(db);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Runs the action atomically: either every row it wrote is there after a crash, or none.</summary>
    public void InTransaction(Action action)
    {
        lock (_lock)
        {
            _tx = _db.BeginTransaction();
            try
            {
                action();
                _tx.Commit();
            }
            finally
            {
                _tx.Dispose();
                _tx = null;
            }
        }
    }

    public long Enqueue(string channel, Notification n, DateTimeOffset now)
    {
        lock (_lock)
        {
            using var cmd = Command("""
                INSERT INTO outbox (channel, dedup_key, action, body, created_at, next_attempt_at)
                VALUES ($channel, $key, $action, $body, $now, $now) RETURNING seq
                """);
            cmd.Parameters.AddWithValue("$channel", channel);
            cmd.Parameters.AddWithValue("$key", n.DedupKey);
            cmd.Parameters.AddWithValue("$action", Names.Kebab(n.Action));
            cmd.Parameters.AddWithValue("$body", JsonSerializer.Serialize(n, MonitorJson.Compact));
            cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return (long)cmd.ExecuteScalar()!;
        }
    }

    /// <summary>The oldest undelivered notification of the channel: channels deliver in order.</summary>
    public OutboxEntry? Head(string channel)
    {
        lock (_lock)
        {
            using var cmd = Command("""
                SELECT seq, channel, body, created_at, attempts, next_attempt_at, last_error
                FROM outbox WHERE channel = $channel ORDER BY seq LIMIT 1
                """);
            cmd.Parameters.AddWithValue("$channel", channel);
            using var r = cmd.ExecuteReader();
            return r.Read() ? ReadEntry(r) : null;
        }
    }

    public void Remove(long seq)
    {
        lock (_lock)
        {
            using var cmd = Command("DELETE FROM outbox WHERE seq = $seq");
            cmd.Parameters.AddWithValue("$seq", seq);
            cmd.ExecuteNonQuery();
        }
    }

    public void Reschedule(long seq, int attempts, DateTimeOffset next, string error)
    {
        lock (_lock)
        {
            using var cmd = Command("UPDATE outbox SET attempts = $attempts, next_attempt_at = $next, last_error = $error WHERE seq = $seq");
            cmd.Parameters.AddWithValue("$seq", seq);
            cmd.Parameters.AddWithValue("$attempts", attempts);
            cmd.Parameters.AddWithValue("$next", next.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("$error", error);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>A notification the channel will never accept: kept for a human to inspect, never retried.</summary>
    public void DeadLetter(long seq, DateTimeOffset at, string reason)
    {
        InTransaction(() =>
        {
            using var copy = Command("""
                INSERT INTO dead_letters (seq, channel, dedup_key, action, body, created_at, failed_at, reason)
                SELECT seq, channel, dedup_key, action, body, created_at, $at, $reason FROM outbox WHERE seq = $seq
                """);
            copy.Parameters.AddWithValue("$seq", seq);
            copy.Parameters.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            copy.Parameters.AddWithValue("$reason", reason);
            copy.ExecuteNonQuery();
            Remove(seq);
        });
    }

    public int DeadLetterCount()
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT count(*) FROM dead_letters");
            return (int)(long)cmd.ExecuteScalar()!;
        }
    }

    public IReadOnlyList<ChannelQueueStats> QueueStats()
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT channel, count(*), min(created_at) FROM outbox GROUP BY channel");
            using var r = cmd.ExecuteReader();
            var list = new List<ChannelQueueStats>();
            while (r.Read())
            {
                list.Add(new ChannelQueueStats(r.GetString(0), r.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))));
            }

            return list;
        }
    }

    public IncidentRecord? FindIncidentByEngineId(string engineId)
    {
        lock (_lock)
        {
            using var cmd = Command($"{SelectIncidents} WHERE engine_id = $id OR dedup_key = $id ORDER BY engine_id = $id DESC, updated_at DESC LIMIT 1");
            cmd.Parameters.AddWithValue("$id", engineId);
            using var r = cmd.ExecuteReader();
            return r.Read() ? ReadIncident(r) : null;
        }
    }

    public IReadOnlyList<IncidentRecord> FiringIncidents()
    {
        lock (_lock)
        {
            using var cmd = Command($"{SelectIncidents} WHERE firing = 1 ORDER BY updated_at");
            using var r = cmd.ExecuteReader();
            var list = new List<IncidentRecord>();
            while (r.Read())
            {
                list.Add(ReadIncident(r));
            }

            return list;
        }
    }

    public void SaveIncident(IncidentRecord record)
    {
        lock (_lock)
        {
            using var cmd = Command("""
                INSERT INTO incidents (dedup_key, engine_id, identity, firing, fingerprint, channels, body, updated_at)
                VALUES ($key, $engine, $identity, $firing, $fp, $channels, $body, $at)
                ON CONFLICT (dedup_key) DO UPDATE SET engine_id = $engine, identity = $identity, firing = $firing,
                    fingerprint = $fp, channels = $channels, body = $body, updated_at = $at
                """);
            cmd.Parameters.AddWithValue("$key", record.DedupKey);
            cmd.Parameters.AddWithValue("$engine", record.EngineId);
            cmd.Parameters.AddWithValue("$identity", record.Identity);
            cmd.Parameters.AddWithValue("$firing", record.Firing ? 1 : 0);
            cmd.Parameters.AddWithValue("$fp", record.Fingerprint);
            cmd.Parameters.AddWithValue("$channels", JsonSerializer.Serialize(record.Channels, MonitorJson.Compact));
            cmd.Parameters.AddWithValue("$body", JsonSerializer.Serialize(record.Incident, MonitorJson.Compact));
            cmd.Parameters.AddWithValue("$at", record.UpdatedAt.ToUnixTimeMilliseconds());
            cmd.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _db.Dispose();
        }
    }

    private const string SelectIncidents = "SELECT dedup_key, engine_id, identity, firing, fingerprint, channels, body, updated_at FROM incidents";

    private SqliteCommand Command(string sql)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = _tx;
        return cmd;
    }

    private static OutboxEntry ReadEntry(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        JsonSerializer.Deserialize<Notification>(r.GetString(2), MonitorJson.Compact)!,
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
        r.GetInt32(4),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
        r.IsDBNull(6) ? null : r.GetString(6));

    private static IncidentRecord ReadIncident(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetInt64(3) == 1,
        r.GetString(4),
        JsonSerializer.Deserialize<List<string>>(r.GetString(5), MonitorJson.Compact)!,
        JsonSerializer.Deserialize<IncidentReport>(r.GetString(6), MonitorJson.Compact)!,
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)));
}
