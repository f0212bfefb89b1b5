using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Incidents;

namespace QuorumMonitor.Runtime.DurableIncidents;

/// <summary>
/// The incident tracker's incidents in the state file (<c>notify.stateFile</c>, the SQLite file of the outbox and the
/// permits): one row per open or recently resolved incident, its whole state (timeline included) as JSON. The tracker
/// hands changes to <see cref="Write"/> under its lock; that only replaces the incident's entry in an in-memory batch
/// (so a burst of changes to one incident is one row write) and wakes <see cref="RunAsync"/>, which writes the batch
/// in one transaction on its own thread. WAL with synchronous=NORMAL: a write that committed is there after a
/// SIGKILL. A batch the file refuses stays queued (newer changes win) and is retried; nothing is dropped.
/// </summary>
public sealed partial class SqliteIncidentStore : IIncidentStore, IDisposable
{
    // A table of its own: "incidents" is delivery's record of what receivers were told (OutboxStore).
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS tracker_incidents (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL,
            state TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            body TEXT NOT NULL);
        """;

    /// <summary>Between attempts on a file that refused a batch.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly SqliteConnection _db;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteIncidentStore> _log;
    private readonly Lock _lock = new();
    private readonly Lock _dbLock = new();
    private readonly SemaphoreSlim _signal = new(0);
    private Dictionary<long, IncidentSnapshot?> _pending = [];
    private TaskCompletionSource _idle = Idle(completed: true);
    private bool _failing;

    private SqliteIncidentStore(SqliteConnection db, IReadOnlyList<IncidentSnapshot> restored, TimeProvider time, ILogger<SqliteIncidentStore> log)
    {
        _db = db;
        Restored = restored;
        _time = time;
        _log = log;
    }

    public IReadOnlyList<IncidentSnapshot> Restored { get; }

    /// <summary>Incident changes handed over and not yet committed.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <exception cref="ConfigException">The file cannot be opened or read: names <c>notify.stateFile</c>.</exception>
    public static SqliteIncidentStore Open(string path, TimeProvider time, ILogger<SqliteIncidentStore> log)
    {
        SqliteConnection? db = null;
        try
        {
            db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 1 }.ToString());
            db.Open();
            using (var setup = db.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=1000;" + Schema;
                setup.ExecuteNonQuery();
            }

            var restored = new List<IncidentSnapshot>();
            var damaged = new List<long>();
            using (var read = db.CreateCommand())
            {
                read.CommandText = "SELECT seq, body FROM tracker_incidents ORDER BY seq";
                using var row = read.ExecuteReader();
                while (row.Read())
                {
                    if (TryRead(row.GetString(1)) is { } snapshot && snapshot.Seq == row.GetInt64(0))
                    {
                        restored.Add(snapshot);
                    }
                    else
                    {
                        damaged.Add(row.GetInt64(0));
                    }
                }
            }

            foreach (var seq in damaged)
            {
                LogDamaged(log, seq, path);
                using var delete = db.CreateCommand();
                delete.CommandText = "DELETE FROM tracker_incidents WHERE seq = $seq";
                delete.Parameters.AddWithValue("$seq", seq);
                delete.ExecuteNonQuery();
            }

            if (restored.Count > 0)
            {
                LogRestored(log, restored.Count(r => r.State == IncidentState.Open), restored.Count(r => r.State == IncidentState.Resolved), path);
            }

            return new SqliteIncidentStore(db, restored, time, log);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            db?.Dispose();
            throw new ConfigException([new ConfigError("notify.stateFile", 0, $"cannot keep incidents in {path}: {ex.Message}")]);
        }
        catch
        {
            db?.Dispose();
            throw;
        }
    }

    public void Write(IReadOnlyCollection<IncidentSnapshot> changed, IReadOnlyCollection<long> forgotten)
    {
        lock (_lock)
        {
            foreach (var snapshot in changed)
            {
                _pending[snapshot.Seq] = snapshot;
            }

            foreach (var seq in forgotten)
            {
                _pending[seq] = null;
            }

            if (_idle.Task.IsCompleted)
            {
                _idle = Idle(completed: false);
            }
        }

        _signal.Release();
    }

    /// <summary>Completes once every change handed over so far is committed.</summary>
    public Task WhenWrittenAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The writer loop (run by <see cref="IncidentStoreWriter"/>).</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
            while (!Flush())
            {
                await Task.Delay(RetryDelay, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes what is queued, in one transaction.</summary>
    /// <returns>False when the file refused it (it stays queued).</returns>
    public bool Flush()
    {
        Dictionary<long, IncidentSnapshot?> batch;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return true;
            }

            batch = _pending;
            _pending = [];
        }

        try
        {
            // Serialised here, on the writer's thread, never under the tracker's lock.
            var rows = batch.Select(b => (Seq: b.Key, Snapshot: b.Value, Body: b.Value is null ? null : JsonSerializer.Serialize(b.Value, MonitorJson.Compact))).ToList();
            lock (_dbLock)
            {
                using var tx = _db.BeginTransaction();
                foreach (var (seq, snapshot, body) in rows)
                {
                    using var cmd = _db.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.Parameters.AddWithValue("$seq", seq);
                    if (snapshot is null)
                    {
                        cmd.CommandText = "DELETE FROM tracker_incidents WHERE seq = $seq";
                    }
                    else
                    {
                        cmd.CommandText = """
                            INSERT INTO tracker_incidents (seq, id, state, updated_at, body) VALUES ($seq, $id, $state, $at, $body)
                            ON CONFLICT (seq) DO UPDATE SET id = excluded.id, state = excluded.state, updated_at = excluded.updated_at, body = excluded.body
                            """;
                        cmd.Parameters.AddWithValue("$id", snapshot.Id);
                        cmd.Parameters.AddWithValue("$state", Names.Kebab(snapshot.State));
                        cmd.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
                        cmd.Parameters.AddWithValue("$body", body);
                    }

                    cmd.ExecuteNonQuery();
                }

                tx.Commit();
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException)
        {
            lock (_lock)
            {
                foreach (var (seq, snapshot) in batch)
                {
                    _pending.TryAdd(seq, snapshot); // A newer change handed over meanwhile wins.
                }
            }

            if (!_failing)
            {
                _failing = true;
                LogWriteFailed(ex.Message, batch.Count);
            }

            return false;
        }

        if (_failing)
        {
            _failing = false;
            LogWriteRecovered();
        }

        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                _idle.TrySetResult();
            }
        }

        return true;
    }

    public void Dispose()
    {
        lock (_dbLock)
        {
            _db.Dispose();
        }

        _signal.Dispose();
    }

    /// <summary>A row that cannot be read is dropped, never a crash: at worst its failure is paged again.</summary>
    private static IncidentSnapshot? TryRead(string body)
    {
        try
        {
            var snapshot = JsonSerializer.Deserialize<IncidentSnapshot>(body, MonitorJson.Compact);
            return snapshot is { Alerts: not null, Timeline: { First: not null, Last: not null } } && snapshot.Alerts.All(a => a is not null) ? snapshot : null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static TaskCompletionSource Idle(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            tcs.SetResult();
        }

        return tcs;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Open} open and {Resolved} resolved incident(s) carried over from the state file {Path}")]
    private static partial void LogRestored(ILogger log, int open, int resolved, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "incident row {Seq} in the state file {Path} cannot be read; dropped")]
    private static partial void LogDamaged(ILogger log, long seq, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "cannot write incidents to the state file (notify.stateFile): {Error}; {Count} change(s) kept in memory and retried")]
    private partial void LogWriteFailed(string error, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the state file (notify.stateFile) takes incident writes again")]
    private partial void LogWriteRecovered();
}
