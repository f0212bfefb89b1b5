using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Notify.Tests;

/// <summary>The outbox keeps order, survives a reopen, and keeps what receivers were told.</summary>
public sealed class OutboxStoreTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Entries_survive_a_reopen_in_order_and_leave_only_when_removed_or_dead_lettered()
    {
        var now = Incidents.T0;
        using (var store = OutboxStore.Open(_dir.StateFile))
        {
            store.Enqueue("pd", new Notification("inc-1", NotificationAction.Trigger, Incidents.QuorumLost("inc-1"), now), now);
            store.Enqueue("pd", new Notification("inc-2", NotificationAction.Trigger, Incidents.QuorumLost("inc-2"), now), now);
            store.Enqueue("am", new Notification("inc-1", NotificationAction.Trigger, Incidents.QuorumLost("inc-1"), now), now);
            store.Reschedule(store.Head("pd", now)!.Seq, 3, now.AddSeconds(30), "HTTP 503");
        }

        using var reopened = OutboxStore.Open(_dir.StateFile);
        var head = reopened.Head("pd", now)!;
        Assert.Equal("inc-1", head.Notification.DedupKey);
        Assert.Equal(3, head.Attempts);
        Assert.Equal(now.AddSeconds(30), head.NextAttemptAt);
        Assert.Equal("HTTP 503", head.LastError);
        Assert.Equal("ZooKeeperQuorumLost", head.Notification.Incident.RootCause.Name);
        Assert.Equal(Severity.Page, head.Notification.Incident.Severity);

        reopened.DeadLetter(head.Seq, now, "HTTP 400");
        Assert.Equal("inc-2", reopened.Head("pd", now)!.Notification.DedupKey);
        Assert.Equal(1, reopened.DeadLetterCount());
        reopened.Remove(reopened.Head("pd", now)!.Seq);
        Assert.Null(reopened.Head("pd", now));
        Assert.Equal(1, Assert.Single(reopened.QueueStats()).Depth);
    }

    [Fact]
    public void Incident_records_are_found_by_engine_id_or_dedup_key()
    {
        using var store = OutboxStore.Open(_dir.StateFile);
        store.SaveIncident(new IncidentRecord("inc-old", "inc-new", "id", true, "page|X", ["pd", "am"], Incidents.QuorumLost("inc-new"), Incidents.T0));

        Assert.Equal("inc-old", store.FindIncidentByTrackerId("inc-new")!.DedupKey);
        Assert.Equal(["pd", "am"], store.FindIncidentByTrackerId("inc-old")!.Channels);
        Assert.Single(store.FiringIncidents());
        Assert.Null(store.FindIncidentByTrackerId("inc-other"));
    }
}
