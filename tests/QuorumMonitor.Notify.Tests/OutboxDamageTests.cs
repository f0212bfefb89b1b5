using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Notify.Tests;

/// <summary>Issue 12: a damaged state file is a clear start-up error naming notify.stateFile; a damaged outbox row
/// goes to the dead letters instead of wedging its channel; a change missing from the outbox is written again.</summary>
public sealed class OutboxDamageTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_corrupt_state_file_is_a_config_error_naming_notify_stateFile()
    {
        await File.WriteAllBytesAsync(_dir.StateFile, Enumerable.Range(0, 8192).Select(i => (byte)(i * 37)).ToArray());

        var ex = Assert.Throws<ConfigException>(() => OutboxStore.Open(_dir.StateFile));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("notify.stateFile", error.Path);
        Assert.Contains(_dir.StateFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_file_in_a_missing_folder_is_a_config_error_naming_notify_stateFile()
    {
        var ex = Assert.Throws<ConfigException>(() => OutboxStore.Open(Path.Combine(_dir.Path, "no-such-dir", "state.db")));

        Assert.Equal("notify.stateFile", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void A_poison_row_is_moved_to_the_dead_letters_and_the_channel_goes_on()
    {
        var now = Incidents.T0;
        using var store = OutboxStore.Open(_dir.StateFile);
        store.Enqueue("hook", new Notification("inc-1", NotificationAction.Trigger, Incidents.QuorumLost("inc-1"), now), now);
        store.Enqueue("hook", new Notification("inc-2", NotificationAction.Trigger, Incidents.QuorumLost("inc-2"), now), now);
        using (var db = new SqliteConnection($"Data Source={_dir.StateFile};Pooling=False"))
        {
            db.Open();
            using var damage = db.CreateCommand();
            damage.CommandText = "UPDATE outbox SET body = '{\"dedupKey\": [broken' WHERE dedup_key = 'inc-1'";
            Assert.Equal(1, damage.ExecuteNonQuery());
        }

        var head = store.Head("hook", now);

        Assert.Equal("inc-2", head!.Notification.DedupKey);
        var letter = Assert.Single(store.DeadLetters());
        Assert.Equal("inc-1", letter.DedupKey);
        Assert.Contains("unreadable outbox row", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_announced_incident_missing_from_the_outbox_is_written_again_by_the_reconciler()
    {
        var time = new FakeTimeProvider(Incidents.T0);
        var receiver = new FakeReceiver(time) { Answer = (_, _) => FakeReceiver.Status(503) };
        await using var h = await DeliveryHarness.StartAsync("""
              stateFile: state.db
              failingAfter: 1h
              retry: {initialBackoff: 1m, maxBackoff: 1m}
              channels:
                - name: hook
                  webhook: {url: "http://127.0.0.1:9/hook"}
            """, _dir.Path, time, receiver.Register);
        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-lost")));
        await h.Delivery.WhenWrittenAsync(CancellationToken.None);

        // What a lost write leaves behind: neither the trigger nor the incident record.
        using (var db = new SqliteConnection($"Data Source={_dir.StateFile};Pooling=False"))
        {
            db.Open();
            using var wipe = db.CreateCommand();
            wipe.CommandText = "DELETE FROM outbox; DELETE FROM incidents;";
            wipe.ExecuteNonQuery();
        }

        // Whether or not the sender had tried (and got the 503) before the wipe, the trigger must now arrive: rewritten
        // by the reconciler, it is the only thing left to send.
        var before = receiver.Requests.Count;
        receiver.Answer = (_, _) => FakeReceiver.Status(202);
        // A send already in flight when the rows vanished may deliver the old copy first; the reconciler must still
        // notice the missing record and write it again, so wait for both.
        await FakeReceiver.AdvanceUntilAsync(
            time,
            () => h.Log.Contains("does not record it; writing it again", StringComparison.Ordinal) && receiver.Requests.Any(r => r.Action == "trigger" && r.Index >= before),
            TimeSpan.FromSeconds(2),
            TimeSpan.FromMinutes(3),
            "trigger written again and delivered");

        Assert.Contains("does not record it; writing it again", h.Log, StringComparison.Ordinal);
        Assert.All(receiver.Requests, r => Assert.Equal("inc-lost", r.DedupKey));
    }
}
