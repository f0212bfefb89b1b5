using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Runtime.Tests;

/// <summary>
/// A forced permit survives a restart as forced; a state file written before forced permits existed (no
/// <c>forced</c> column) opens, keeps its permits as not forced, and takes forced ones from then on.
/// </summary>
public sealed class SqlitePermitStoreForcedTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 21, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"qm-permits-{Guid.NewGuid():N}.db");

    private static Permit Create(long id, bool forced) => new()
    {
        Id = id, Kind = "mysql", Cluster = "orders", Member = "primary", Holder = "ops@db-1", Reason = "disk swap",
        GrantedAt = At, ExpiresAt = At.AddMinutes(15), Forced = forced,
    };

    [Fact]
    public void An_old_state_file_gains_the_column_and_a_forced_permit_reads_back_forced()
    {
        using (var db = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            db.Open();
            using var create = db.CreateCommand();
            create.CommandText = """
                CREATE TABLE permits (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, cluster TEXT NOT NULL, member TEXT NOT NULL,
                    holder TEXT NOT NULL, reason TEXT NOT NULL, granted_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
                    state TEXT NOT NULL, seen_down INTEGER NOT NULL, ended_at INTEGER, end_reason TEXT);
                INSERT INTO permits VALUES (1, 'mysql', 'orders', 'replica-1', 'ansible@db-2', 'patching', 0, 0, 'Released', 1, 0, 'back');
                """;
            create.ExecuteNonQuery();
        }

        using (var store = SqlitePermitStore.Open(_path, NullLogger<SqlitePermitStore>.Instance))
        {
            var old = Assert.Single(store.All());
            Assert.Equal("replica-1", old.Member);
            Assert.False(old.Forced);
            Assert.True(store.Add(id => Create(id, forced: true)).Forced);
        }

        using var reopened = SqlitePermitStore.Open(_path, NullLogger<SqlitePermitStore>.Instance);
        Assert.Equal([false, true], reopened.All().Select(p => p.Forced));
    }

    public void Dispose()
    {
        foreach (var f in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(f);
        }
    }
}
