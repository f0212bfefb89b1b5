using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Rules.Tests;

public class AlertTrackerTests
{
    private static readonly AlertCandidate Candidate = new("TestAlert", Severity.Page, new ClusterRef("zookeeper", "zk"), "broken");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void One_bad_round_is_pending_not_firing()
    {
        var tracker = new AlertTracker(Candidate, new AlertTiming(2, TimeSpan.Zero, 2, TimeSpan.Zero));

        tracker.Observe(Candidate, _time.GetUtcNow());
        Assert.Equal(AlertState.Pending, tracker.State);

        tracker.Observe(null, _time.GetUtcNow());
        Assert.Equal(AlertState.Inactive, tracker.State);
    }

    [Fact]
    public void Fires_after_confirm_rounds_and_resolves_after_resolve_rounds()
    {
        var tracker = new AlertTracker(Candidate, new AlertTiming(2, TimeSpan.Zero, 2, TimeSpan.Zero));

        Assert.Equal(AlertState.Inactive, tracker.Observe(Candidate, _time.GetUtcNow()));
        Assert.Equal(AlertState.Pending, tracker.Observe(Candidate, _time.GetUtcNow()));
        Assert.Equal(AlertState.Firing, tracker.State);
        Assert.Null(tracker.Observe(null, _time.GetUtcNow()));
        Assert.Equal(AlertState.Firing, tracker.State);
        Assert.Equal(AlertState.Firing, tracker.Observe(null, _time.GetUtcNow()));
        Assert.Equal(AlertState.Resolved, tracker.State);
    }

    [Fact]
    public void For_duration_holds_a_confirmed_condition_until_it_has_lasted()
    {
        var tracker = new AlertTracker(Candidate, new AlertTiming(1, TimeSpan.FromMinutes(1), 1, TimeSpan.Zero));

        tracker.Observe(Candidate, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(30));
        tracker.Observe(Candidate, _time.GetUtcNow());
        Assert.Equal(AlertState.Pending, tracker.State);

        _time.Advance(TimeSpan.FromSeconds(30));
        tracker.Observe(Candidate, _time.GetUtcNow());
        Assert.Equal(AlertState.Firing, tracker.State);
        Assert.Equal(_time.GetUtcNow(), tracker.FiringSince);
    }

    [Fact]
    public void Keep_firing_for_rides_out_a_flapping_condition()
    {
        var tracker = new AlertTracker(Candidate, new AlertTiming(1, TimeSpan.Zero, 1, TimeSpan.FromMinutes(5)));
        tracker.Observe(Candidate, _time.GetUtcNow());
        var transitions = 0;

        // Flaps every 10 s for 4 minutes: one firing episode, no resolve in between.
        for (var i = 0; i < 24; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            transitions += tracker.Observe(i % 2 == 0 ? null : Candidate, _time.GetUtcNow()) is null ? 0 : 1;
        }

        Assert.Equal(0, transitions);
        Assert.Equal(AlertState.Firing, tracker.State);

        // Cleared for good: it keeps firing for keep_firing_for, then resolves.
        tracker.Observe(null, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(4));
        tracker.Observe(null, _time.GetUtcNow());
        Assert.Equal(AlertState.Firing, tracker.State);
        _time.Advance(TimeSpan.FromMinutes(1));
        tracker.Observe(null, _time.GetUtcNow());
        Assert.Equal(AlertState.Resolved, tracker.State);
    }
}
