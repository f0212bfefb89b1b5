using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Runtime.DurableIncidents;

namespace QuorumMonitor.Incidents.Tests;

/// <summary>
/// Issue 16, scope 3: open and recently resolved incidents, timelines included, live in the state file. A tracker
/// built again on the same file (a restarted monitor) shows the same incident, id and timeline, does not announce it
/// again, and resolves it as usual once the failure is gone. Real SQLite files, fake time.
/// </summary>
public sealed class DurableIncidentTests : IDisposable
{
    private static readonly ClusterRef Zk = new("zookeeper", "zk-realtime");
    private static readonly ClusterRef Kafka = new("kafka", "events");
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly string _dir = Directory.CreateTempSubdirectory("qm-durable-incidents-").FullName;
    private readonly List<SqliteIncidentStore> _stores = [];

    private string StateFile => Path.Combine(_dir, "state.db");

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private SqliteIncidentStore Open(TimeProvider time)
    {
        var store = SqliteIncidentStore.Open(StateFile, time, NullLogger<SqliteIncidentStore>.Instance);
        _stores.Add(store);
        return store;
    }

    private static CorrelationOptions Options(int keepResolved = 500) => new()
    {
        StartupHold = TimeSpan.FromSeconds(15),
        ResumeGrace = TimeSpan.FromSeconds(60),
        ResolveHold = TimeSpan.FromMinutes(2),
        KeepResolved = keepResolved,
    };

    private Scenario Monitor(FakeTimeProvider time, SqliteIncidentStore store, CorrelationOptions? options = null) =>
        new([new SyntheticRule()], new Topology(), options ?? Options(), time: time, store: store);

    private static Synthetic QuorumLost(Scenario s) => new(Zk, s.Time.GetUtcNow(), ("QuorumLost", Severity.Page, null));

    private static Synthetic Healthy(Scenario s, ClusterRef? cluster = null) => new(cluster ?? Zk, s.Time.GetUtcNow());

    /// <summary>A first run that pages a quorum loss and is then killed: what it wrote is all there is.</summary>
    private (IncidentReport Before, FakeTimeProvider Time) RunUntilPaged()
    {
        var time = new FakeTimeProvider(Scenario.Start);
        var store = Open(time);
        var first = Monitor(time, store);
        while (!first.Changes.Any())
        {
            first.Round(Interval, QuorumLost(first));
        }

        first.Round(Interval, QuorumLost(first));
        Assert.True(store.Flush());
        store.Dispose(); // SIGKILL: nothing more is written, nothing is flushed on the way out.
        var before = Assert.Single(first.Incidents.Incidents());
        Assert.Equal(IncidentChangeKind.Opened, Assert.Single(first.Changes).Kind);
        return (before, time);
    }

    [Fact]
    public void An_open_incident_carries_over_a_restart_with_its_id_and_whole_timeline_and_is_not_announced_again()
    {
        var (before, time) = RunUntilPaged();
        time.Advance(TimeSpan.FromSeconds(20)); // the restart

        var second = Monitor(time, Open(time));
        var restored = Assert.Single(second.Incidents.Incidents());
        Assert.Equal(before.Id, restored.Id);
        Assert.Equal(before.StartedAt, restored.StartedAt);
        Assert.Equal(IncidentState.Open, restored.State);
        Assert.Equal(before.RootCause.Fingerprint, restored.RootCause.Fingerprint);
        Assert.Null(restored.HeldBecause);
        Assert.Equal(before.Timeline, restored.Timeline.Take(before.Timeline.Count));
        Assert.Equal("restarted", restored.Timeline[before.Timeline.Count].Kind);

        // The failure is still there: its alert fires again in this run and joins the same incident; nothing is
        // announced as new (no Opened), whatever the resume grace and start-up hold do.
        for (var i = 0; i < 30; i++)
        {
            second.Round(Interval, QuorumLost(second));
        }

        var after = Assert.Single(second.Incidents.Incidents());
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(IncidentState.Open, after.State);
        Assert.Contains(after.Timeline, e => e.Kind == "re-fired");
        Assert.DoesNotContain(second.Changes, c => c.Kind is IncidentChangeKind.Opened or IncidentChangeKind.Resolved);
        Assert.All(second.Changes, c => Assert.Equal(before.Id, c.Incident.Id));
        Assert.DoesNotContain(after.Timeline, e => e.Text.Contains("not seen again", StringComparison.Ordinal));
    }

    [Fact]
    public void An_incident_whose_failure_cleared_while_the_monitor_was_down_resolves_after_the_resume_grace()
    {
        var (before, time) = RunUntilPaged();
        var second = Monitor(time, Open(time));
        var grace = second.Options.ResumeGrace;
        while (time.GetUtcNow() - Scenario.Start < TimeSpan.FromMinutes(10))
        {
            second.Round(Interval, Healthy(second));
        }

        // Updated when its alert ends (as when an alert resolves in a running monitor), then resolved, once.
        Assert.DoesNotContain(second.Changes, c => c.Kind == IncidentChangeKind.Opened);
        var resolved = Assert.Single(second.Changes, c => c.Kind == IncidentChangeKind.Resolved);
        Assert.Same(resolved, second.Changes[^1]);
        Assert.Equal(before.Id, resolved.Incident.Id);
        var incident = Assert.Single(second.Incidents.Incidents());
        Assert.Equal(IncidentState.Resolved, incident.State);
        var gone = Assert.Single(incident.Timeline, e => e.Text.Contains("not seen again", StringComparison.Ordinal));
        var restartedAt = Assert.Single(incident.Timeline, e => e.Kind == "restarted").At;
        Assert.True(gone.At - restartedAt >= grace && gone.At - restartedAt < grace + (2 * Interval), $"ended {gone.At - restartedAt} after the restart");
        Assert.True(incident.ResolvedAt - gone.At >= second.Options.ResolveHold);
        Assert.Equal(before.Timeline, incident.Timeline.Take(before.Timeline.Count));
    }

    [Fact]
    public void A_carried_alert_pending_again_at_the_end_of_the_grace_is_kept_until_it_fires()
    {
        var (before, time) = RunUntilPaged();

        // This run's rule needs longer than the grace to fire again: pending all along, the alert is not ended.
        var slow = new CorrelationOptions { StartupHold = TimeSpan.FromSeconds(15), ResumeGrace = TimeSpan.FromSeconds(20), ResolveHold = TimeSpan.FromMinutes(2) };
        var second = new Scenario([new SyntheticRule()], new Topology(), slow, new Rules.Evaluation.AlertTiming(2, TimeSpan.FromSeconds(45), 2, TimeSpan.Zero), time, store: Open(time));
        for (var i = 0; i < 20; i++)
        {
            second.Round(Interval, QuorumLost(second));
        }

        var incident = Assert.Single(second.Incidents.Incidents());
        Assert.Equal(before.Id, incident.Id);
        Assert.Equal(IncidentState.Open, incident.State);
        Assert.DoesNotContain(incident.Timeline, e => e.Text.Contains("not seen again", StringComparison.Ordinal));
        Assert.Contains(incident.Timeline, e => e.Kind == "re-fired");
        Assert.DoesNotContain(second.Changes, c => c.Kind is IncidentChangeKind.Opened or IncidentChangeKind.Resolved);
    }

    [Fact]
    public void A_restart_after_the_restart_still_has_the_whole_timeline()
    {
        var (before, time) = RunUntilPaged();
        var store = Open(time);
        var second = Monitor(time, store);
        second.Round(Interval, QuorumLost(second));
        Assert.True(store.Flush());
        var shown = Assert.Single(second.Incidents.Incidents());
        store.Dispose();

        var third = Monitor(time, Open(time));
        var again = Assert.Single(third.Incidents.Incidents());
        Assert.Equal(before.Id, again.Id);
        Assert.Equal(shown.Timeline, again.Timeline.Take(shown.Timeline.Count));
        Assert.Equal(2, again.Timeline.Count(e => e.Kind == "restarted"));
    }

    [Fact]
    public void The_tracker_hands_changes_over_without_touching_the_file_and_a_refused_batch_is_kept_until_the_file_takes_it()
    {
        var time = new FakeTimeProvider(Scenario.Start);
        var store = Open(time);
        var s = Monitor(time, store, new CorrelationOptions { StartupHold = TimeSpan.Zero });

        // Another process holds the file's write lock for longer than a statement waits (its busy timeout is 1 s).
        using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StateFile, Pooling = false }.ToString());
        other.Open();
        using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO tracker_incidents (seq, id, state, updated_at, body) VALUES (999999, 'x', 'resolved', 0, '{}');";
            begin.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 4; i++)
        {
            s.Round(Interval, QuorumLost(s));
        }

        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(900), $"4 evaluations took {watch.Elapsed.TotalMilliseconds:0} ms against a locked file");
        Assert.Equal(IncidentChangeKind.Opened, Assert.Single(s.Changes).Kind);
        Assert.Equal(1, store.PendingCount);
        Assert.False(store.Flush()); // refused: kept, not dropped
        Assert.Equal(1, store.PendingCount);

        using (var rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        Assert.True(store.Flush());
        Assert.Equal(0, store.PendingCount);
        Assert.True(store.WhenWrittenAsync(CancellationToken.None).IsCompletedSuccessfully);
        store.Dispose();
        var restored = Assert.Single(Open(time).Restored);
        Assert.Equal(Assert.Single(s.Incidents.Incidents()).Id, restored.Id);
        Assert.Equal(Assert.Single(s.Incidents.Incidents()).Timeline, new IncidentTimeline(restored.Timeline).ToList());
    }

    [Fact]
    public void Resolved_incidents_are_kept_for_their_retention_and_at_most_keep_resolved_of_them()
    {
        var time = new FakeTimeProvider(Scenario.Start);
        var store = Open(time);
        var options = Options(keepResolved: 3) with { StartupHold = TimeSpan.Zero, ResolveHold = TimeSpan.FromSeconds(10), Window = TimeSpan.FromSeconds(10) };
        var s = Monitor(time, store, options);
        var clusters = Enumerable.Range(1, 5).Select(i => new ClusterRef("zookeeper", $"zk-{i}")).ToList();
        foreach (var cluster in clusters)
        {
            for (var i = 0; i < 3; i++)
            {
                s.Round(Interval, new Synthetic(cluster, time.GetUtcNow(), ("QuorumLost", Severity.Page, null)));
            }

            for (var i = 0; i < 6; i++)
            {
                s.Round(Interval, Healthy(s, cluster));
            }
        }

        var kept = s.Incidents.Incidents();
        Assert.Equal(3, kept.Count);
        Assert.All(kept, i => Assert.Equal(IncidentState.Resolved, i.State));
        Assert.Equal(clusters.TakeLast(3).Select(c => $"{c.Kind}/{c.Name}").Order(), kept.Select(i => i.Clusters[0]).Order());
        Assert.True(store.Flush());
        store.Dispose();

        var reopened = Open(time);
        Assert.Equal(kept.Select(i => i.Id).Order(), reopened.Restored.Select(r => r.Id).Order());
        var later = Monitor(time, reopened, options);
        Assert.Equal(3, later.Incidents.Incidents().Count);

        // Past their retention they are gone, from the tracker and from the file.
        time.Advance(options.Retention);
        later.Round(Interval, Healthy(later));
        Assert.Empty(later.Incidents.Incidents());
        Assert.True(reopened.Flush());
        reopened.Dispose();
        Assert.Empty(Open(time).Restored);
    }

    [Fact]
    public void A_damaged_row_is_dropped_at_start_up_not_a_crash_and_the_rest_is_restored()
    {
        var (before, time) = RunUntilPaged();
        using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = StateFile, Pooling = false }.ToString()))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = """
                INSERT INTO tracker_incidents (seq, id, state, updated_at, body) VALUES (41, 'inc-a', 'open', 0, '{"seq": 41, "alerts": [nul');
                INSERT INTO tracker_incidents (seq, id, state, updated_at, body) VALUES (42, 'inc-b', 'open', 0, '{"seq": 42, "id": "inc-b", "alerts": [], "rootFingerprint": "x", "startedAt": "2026-06-09T15:30:00Z", "timeline": {"first": [], "last": [], "dropped": 0, "droppedUntil": "2026-06-09T15:30:00Z"}}');
                """;
            cmd.ExecuteNonQuery();
        }

        var store = Open(time);
        Assert.Equal(2, store.Restored.Count); // the unreadable one is dropped here; the inconsistent one by the tracker
        var s = Monitor(time, store);
        Assert.Equal(before.Id, Assert.Single(s.Incidents.Incidents()).Id);
        Assert.True(store.Flush());
        store.Dispose();
        Assert.Equal([before.Id], Open(time).Restored.Select(r => r.Id));
    }

    [Fact]
    public void A_restored_incident_that_was_never_announced_is_not_announced_on_what_the_last_run_saw()
    {
        var time = new FakeTimeProvider(Scenario.Start);
        var store = Open(time);
        var first = Monitor(time, store, Options() with { StartupHold = TimeSpan.FromMinutes(5) });
        for (var i = 0; i < 4; i++)
        {
            first.Round(Interval, QuorumLost(first));
        }

        Assert.Empty(first.Changes);
        Assert.NotNull(Assert.Single(first.Incidents.Incidents()).HeldBecause);
        Assert.True(store.Flush());
        store.Dispose();

        // The failure cleared while it was down: the new run never confirms it, so nobody is paged for it.
        var second = Monitor(time, Open(time));
        for (var i = 0; i < 60; i++)
        {
            second.Round(Interval, Healthy(second), Healthy(second, Kafka));
        }

        Assert.Empty(second.Changes);
        Assert.Equal(IncidentState.Resolved, Assert.Single(second.Incidents.Incidents()).State);
    }
}
