using Microsoft.Extensions.Time.Testing;

namespace QuorumMonitor.Notify.Tests;

/// <summary>
/// Issue 12: a dead-lettered page keeps AlertDeliveryFailing firing, even after the channel delivers other pages,
/// until someone acknowledges it: drop clears it; retry puts the page back in the queue and it is delivered.
/// </summary>
public sealed class DeadLetterAlarmTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Config = """
          stateFile: state.db
          failingAfter: 1h
          retry: {initialBackoff: 1s, maxBackoff: 20s}
          channels:
            - name: hook
              webhook: {url: "http://127.0.0.1:9/hook"}
            - name: ops
              webhook: {url: "http://127.0.0.1:9/ops"}
          routes:
            - severities: [page]
              channels: [hook]
          fallback: ops
        """;

    private static FakeReceiver RejectingFirstPage(FakeTimeProvider time)
    {
        var receiver = new FakeReceiver(time);
        receiver.Answer = (_, request) => request.RequestUri!.AbsolutePath == "/hook" && receiver.Requests.Count(r => r.Path == "/hook") == 1
            ? FakeReceiver.Status(400, """{"error":"field 'severity' must be one of info, warning"}""")
            : FakeReceiver.Status(202);
        return receiver;
    }

    private static bool Alarmed(DeliveryHarness h) => h.Delivery.Alerts().Count == 1;

    [Fact]
    public async Task A_dead_letter_keeps_AlertDeliveryFailing_firing_past_later_deliveries_until_it_is_dropped()
    {
        var time = new FakeTimeProvider(Incidents.T0);
        var receiver = RejectingFirstPage(time);
        await using var h = await DeliveryHarness.StartAsync(Config, _dir.Path, time, receiver.Register);
        var step = TimeSpan.FromSeconds(1);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-bad", "zk-a")));
        await FakeReceiver.AdvanceUntilAsync(time, () => Alarmed(h) && receiver.Requests.Any(r => r.Path == "/ops"), step, TimeSpan.FromSeconds(10), "alarm");
        // The channel delivers a later page fine: the old behaviour cleared the alarm here.
        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-good", "zk-b")));
        await FakeReceiver.AdvanceUntilAsync(time, () => receiver.Requests.Any(r => r.Path == "/hook" && r.DedupKey == "inc-good"), step, TimeSpan.FromSeconds(10), "second page");
        await FakeReceiver.AdvanceAsync(time, TimeSpan.FromSeconds(30), step);

        Assert.True(Alarmed(h), "AlertDeliveryFailing still fires while the dead letter is unacknowledged");
        var hook = h.Delivery.Report().Channels.Single(c => c.Name == "hook");
        Assert.False(hook.Healthy);
        Assert.Contains("dead-lettered", hook.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(receiver.Requests, r => r.Path == "/ops" && r.Action == "resolve");

        var letter = Assert.Single(h.Delivery.DeadLetters());
        Assert.Equal("inc-bad", letter.DedupKey);
        Assert.True(h.Delivery.DropDeadLetter(letter.Seq));
        Assert.False(h.Delivery.DropDeadLetter(letter.Seq));
        await FakeReceiver.AdvanceUntilAsync(time, () => receiver.Requests.Any(r => r.Path == "/ops" && r.Action == "resolve"), step, TimeSpan.FromSeconds(10), "alarm resolved");

        Assert.False(Alarmed(h));
        Assert.Empty(h.Delivery.DeadLetters());
        Assert.True(h.Delivery.Report().Healthy);
    }

    [Fact]
    public async Task A_retried_dead_letter_is_delivered_and_the_alarm_resolves()
    {
        var time = new FakeTimeProvider(Incidents.T0);
        var receiver = RejectingFirstPage(time);
        await using var h = await DeliveryHarness.StartAsync(Config, _dir.Path, time, receiver.Register);
        var step = TimeSpan.FromSeconds(1);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-bad")));
        await FakeReceiver.AdvanceUntilAsync(time, () => Alarmed(h) && h.Delivery.Report().DeadLetters == 1, step, TimeSpan.FromSeconds(10), "alarm");

        Assert.True(h.Delivery.RetryDeadLetter(h.Delivery.DeadLetters()[0].Seq));
        await FakeReceiver.AdvanceUntilAsync(time, () => receiver.Requests.Count(r => r.Path == "/hook") == 2, step, TimeSpan.FromSeconds(10), "page retried");
        await FakeReceiver.AdvanceUntilAsync(time, () => !Alarmed(h), step, TimeSpan.FromSeconds(10), "alarm resolved");
        // The alarm's own resolve still has to reach the fallback.
        await FakeReceiver.AdvanceUntilAsync(time, () => h.Delivery.Report().QueueDepth == 0, step, TimeSpan.FromSeconds(10), "outbox drained");

        var pages = receiver.Requests.Where(r => r.Path == "/hook").ToList();
        Assert.All(pages, p => Assert.Equal("inc-bad", p.DedupKey));
        Assert.Equal(0, h.Delivery.Report().QueueDepth);
        Assert.Empty(h.Delivery.DeadLetters());
    }
}
