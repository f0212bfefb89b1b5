using Microsoft.Extensions.Time.Testing;

namespace QuorumMonitor.Notify.Tests;

/// <summary>Issue 12: a channel that keeps failing logs once per state change (failing, failing differently, recovered),
/// not once per attempt.</summary>
public sealed class FailureLogTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static int Count(string log, string text)
    {
        var n = 0;
        for (var i = log.IndexOf(text, StringComparison.Ordinal); i >= 0; i = log.IndexOf(text, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    [Fact]
    public async Task A_receiver_failing_for_minutes_is_logged_once_per_state_change()
    {
        var time = new FakeTimeProvider(Incidents.T0);
        var status = 503;
        var receiver = new FakeReceiver(time) { Answer = (_, _) => FakeReceiver.Status(Volatile.Read(ref status)) };
        await using var h = await DeliveryHarness.StartAsync("""
              stateFile: state.db
              failingAfter: 1h
              retry: {initialBackoff: 500ms, maxBackoff: 1s}
              channels:
                - name: hook
                  webhook: {url: "http://127.0.0.1:9/hook"}
            """, _dir.Path, time, receiver.Register);

        h.Delivery.OnIncidentChanged(Incidents.Opened(Incidents.QuorumLost("inc-log")));
        await FakeReceiver.AdvanceUntilAsync(time, () => receiver.Requests.Count >= 20, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), "20 attempts");
        Volatile.Write(ref status, 500);
        var before = receiver.Requests.Count;
        await FakeReceiver.AdvanceUntilAsync(time, () => receiver.Requests.Count >= before + 10, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), "10 more attempts");
        Volatile.Write(ref status, 202);
        await FakeReceiver.AdvanceUntilAsync(time, () => h.Delivery.Report().QueueDepth == 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), "delivered");

        var warnings = h.Log.Split('\n').Where(l => l.StartsWith("Warning: hook:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("HTTP 503", warnings[0], StringComparison.Ordinal);
        Assert.Contains("HTTP 500", warnings[1], StringComparison.Ordinal);
        Assert.Equal(1, Count(h.Log, "hook: delivers again"));
        Assert.True(Count(h.Log, "failed again") >= 25, "each attempt still leaves a debug line");
    }
}
