using System.Text.Json;
using Microsoft.Data.Sqlite;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Notify.Outbox;

/// <summary>
/// The durable outbox and incident state in one SQLite file. Every notification is written here before it is sent
/// and removed only when its channel accepted it, so a crash at any point loses nothing (at-least-once; receivers
/// fold repeats by dedup key). WAL with synchronous=NORMAL survives a killed process. Every call is short, but may wait
/// up to <see cref="BusyTimeout"/> for a lock another process holds: only delivery's own loops call it (the writer,
/// the senders, the health check), never the pipeline or the status API.
/// </summary>
public sealed class OutboxStore : IDisposable
{
    // engine_id holds IncidentRecord.TrackerId; the column keeps its old name so state files of earlier runs still open.
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

    /// <summary>How long one statement waits for another process's lock before failing (and being retried by its caller).</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(1);

    private readonly SqliteConnection _db;
    private readonly Lock _lock = new();
    private SqliteTransaction? _tx;

    private OutboxStore(SqliteConnection db) => _db = db;

    /// <exception cref="ConfigException">The file cannot be opened, is not a SQLite database, or cannot be written:
    /// names <c>notify.stateFile</c>, never a raw SqliteException.</exception>
    public static OutboxStore Open(string path)
    {
        SqliteConnection? db = null;
        try
        {
            db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            db.Open();
            using (var pragma = db.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds};";
                pragma.ExecuteNonQuery();
            }

            using (var create = db.CreateCommand())
            {
                create.CommandText = Schema;
                create.ExecuteNonQuery();
            }

            // A damaged file may open and still fail later, mid-incident: find out now, at start-up.
            using (var check = db.CreateCommand())
            {
                check.CommandText = "PRAGMA quick_check";
                var verdict = check.ExecuteScalar() as string;
                if (verdict != "ok")
                {
                    throw new ConfigException([new ConfigError("notify.stateFile", 0, $"{path} is damaged ({verdict}); move it away to start with an empty outbox")]);
                }
            }

            return new OutboxStore(db);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            db?.Dispose();
            throw new ConfigException([new ConfigError("notify.stateFile", 0, $"cannot use {path} as the delivery state file: {ex.Message}")]);
        }
        catch
        {
            db?.Dispose();
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

    /// <summary>
    /// The oldest undelivered notification of the channel: channels deliver in order. A row that cannot be read (a
    /// damaged body) is moved to the dead letters instead of wedging the channel behind it.
    /// </summary>
    public OutboxEntry? Head(string channel, DateTimeOffset now)
    {
        lock (_lock)
        {
            while (true)
            {
                long seq;
                string? poison;
                OutboxEntry? entry = null;
                using (var cmd = Command("""
                    SELECT seq, channel, body, created_at, attempts, next_attempt_at, last_error
                    FROM outbox WHERE channel = $channel ORDER BY seq LIMIT 1
                    """))
                {
                    cmd.Parameters.AddWithValue("$channel", channel);
                    using var r = cmd.ExecuteReader();
                    if (!r.Read())
                    {
                        return null;
                    }

                    seq = r.GetInt64(0);
                    try
                    {
                        entry = ReadEntry(r);
                        poison = null;
                    }
                    catch (Exception ex) when (ex is JsonException or InvalidCastException or FormatException or NotSupportedException or ArgumentException)
                    {
                        poison = $"unreadable outbox row: {ex.Message}";
                    }
                }

                if (poison is null)
                {
                    return entry;
                }

                DeadLetter(seq, now, poison);
            }
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

    /// <summary>Dead letters, oldest first; the body is not parsed, so a damaged one lists too.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters()
    {
        lock (_lock)
        {
            using var cmd = Command("SELECT seq, channel, dedup_key, action, created_at, failed_at, reason FROM dead_letters ORDER BY seq");
            using var r = cmd.ExecuteReader();
            var list = new List<DeadLetter>();
            while (r.Read())
            {
                list.Add(new DeadLetter(
                    r.GetInt64(0),
                    r.GetString(1),
                    r.GetString(2),
                    r.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
                    r.GetString(6)));
            }

            return list;
        }
    }

    /// <summary>Puts a dead letter back at the tail of its channel's queue, due now, with its attempts reset.</summary>
    /// <returns>Its channel, or null if there is no such dead letter.</returns>
    public string? RetryDeadLetter(long seq, DateTimeOffset now)
    {
        string? channel = null;
        InTransaction(() =>
        {
            using var find = Command("SELECT channel FROM dead_letters WHERE seq = $seq");
            find.Parameters.AddWithValue("$seq", seq);
            channel = find.ExecuteScalar() as string;
            if (channel is null)
            {
                return;
            }

            using var copy = Command("""
                INSERT INTO outbox (channel, dedup_key, action, body, created_at, next_attempt_at)
                SELECT channel, dedup_key, action, body, created_at, $now FROM dead_letters WHERE seq = $seq
                """);
            copy.Parameters.AddWithValue("$seq", seq);
            copy.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            copy.ExecuteNonQuery();
            DropDeadLetter(seq);
        });
        return channel;
    }

    /// <returns>Whether there was such a dead letter.</returns>
    public bool DropDeadLetter(long seq)
    {
        lock (_lock)
        {
            using var cmd = Command("DELETE FROM dead_letters WHERE seq = $seq");
            cmd.Parameters.AddWithValue("$seq", seq);
            return cmd.ExecuteNonQuery() > 0;
        }
    }

    /// <summary>Queue depth and dead letters per channel, in one read: what the status API shows, from memory.</summary>
    public OutboxSnapshot Snapshot()
    {
        lock (_lock)
        {
            var queues = QueueStats().ToDictionary(q => q.Channel, StringComparer.Ordinal);
            using var cmd = Command("""
                SELECT channel, count(*), min(failed_at),
                    (SELECT reason FROM dead_letters d2 WHERE d2.channel = d.channel ORDER BY seq DESC LIMIT 1)
                FROM dead_letters d GROUP BY channel
                """);
            using var r = cmd.ExecuteReader();
            var dead = new Dictionary<string, DeadLetterStats>(StringComparer.Ordinal);
            while (r.Read())
            {
                dead[r.GetString(0)] = new DeadLetterStats(r.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetString(3));
            }

            return new OutboxSnapshot(queues, dead);
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

    public IncidentRecord? FindIncidentByTrackerId(string trackerId)
    {
        lock (_lock)
        {
            using var cmd = Command($"{SelectIncidents} WHERE engine_id = $id OR dedup_key = $id ORDER BY engine_id = $id DESC, updated_at DESC LIMIT 1");
            cmd.Parameters.AddWithValue("$id", trackerId);
            using var r = cmd.ExecuteReader();
            return r.Read() ? TryReadIncident(r) : null;
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
                if (TryReadIncident(r) is { } record)
                {
                    list.Add(record);
                }
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
            cmd.Parameters.AddWithValue("$engine", record.TrackerId);
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

    /// <summary>A damaged incident row reads as absent: at worst its incident is paged again, never wedged.</summary>
    private static IncidentRecord? TryReadIncident(SqliteDataReader r)
    {
        try
        {
            return ReadIncident(r);
        }
        catch (Exception ex) when (ex is JsonException or InvalidCastException or FormatException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

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
