using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Runtime.Self;

namespace QuorumMonitor.Runtime.Tests;

/// <summary>What counts as the monitor's own overload, and what does not.</summary>
public class MonitorLoadTests
{
    private static readonly MonitorSettings Settings = new() { Interval = TimeSpan.FromSeconds(5), Deadline = TimeSpan.FromSeconds(2) };

    private static FakeTimeProvider NewTime() => new(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Late_is_a_quarter_deadline_or_half_an_interval_and_never_below_a_quarter_second()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), new MonitorLoad(NewTime(), Settings).LateAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(250), new MonitorLoad(NewTime(), Settings with { Deadline = TimeSpan.FromMilliseconds(400) }).LateAfter);
    }

    [Fact]
    public void Many_probes_starting_late_make_the_window_overloaded_and_a_reading_starts_a_fresh_window()
    {
        var time = NewTime();
        var load = new MonitorLoad(time, Settings) { Clusters = 10 };
        for (var i = 0; i < 100; i++)
        {
            load.ProbeStarted(i < 20 ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(5));
        }

        load.TimedOut(3);
        load.TimedOut(3);
        load.TimedOut(4);
        time.Advance(Settings.Interval);
        var reading = load.Read("self");

        Assert.True(reading.Overloaded);
        Assert.Equal(20, reading.LateStarts);
        Assert.Equal(100, reading.ProbeStarts);
        Assert.Equal(TimeSpan.FromSeconds(2), reading.MaxStartLag);
        Assert.Equal(3, reading.Timeouts);
        Assert.Equal(2, reading.ClustersWithTimeouts);
        Assert.Equal(Settings.Interval, reading.Window);
        Assert.True(reading.ThreadPoolThreads > 0, "the thread pool's state is part of the reading");
        Assert.False(load.Read("self").Overloaded);
    }

    [Fact]
    public void A_few_late_starts_or_timeouts_alone_are_not_overload()
    {
        var load = new MonitorLoad(NewTime(), Settings);
        for (var i = 0; i < 100; i++)
        {
            load.ProbeStarted(i < 5 ? TimeSpan.FromSeconds(1) : TimeSpan.Zero);
            load.TimedOut(i);
        }

        // 5 % late: a GC pause, not an overload; and timeouts on every cluster with punctual probes are the targets' doing.
        Assert.False(load.Read("self").Overloaded);
    }

    [Fact]
    public void Events_waiting_longer_than_an_interval_for_the_dispatcher_are_overload()
    {
        var load = new MonitorLoad(NewTime(), Settings);
        load.Dispatched(TimeSpan.FromSeconds(6));

        var reading = load.Read("self");

        Assert.True(reading.Overloaded);
        Assert.Contains("waited 6.0 s for the dispatcher", Assert.Single(reading.Overload), StringComparison.Ordinal);
    }

    [Fact]
    public void Live_lateness_covers_the_last_two_intervals_whatever_the_readings()
    {
        var time = NewTime();
        var load = new MonitorLoad(time, Settings);
        for (var i = 0; i < 10; i++)
        {
            load.ProbeStarted(TimeSpan.FromSeconds(3));
        }

        _ = load.Read("self");
        Assert.NotNull(load.WhyNotTrusted(time.GetUtcNow()));
        time.Advance(Settings.Interval);
        Assert.NotNull(load.WhyNotTrusted(time.GetUtcNow()));
        time.Advance(Settings.Interval);
        Assert.Null(load.WhyNotTrusted(time.GetUtcNow()));
    }

    [Fact]
    public void A_clock_tick_running_late_makes_the_monitor_distrust_itself_at_once_and_counts_in_the_reading()
    {
        var time = NewTime();
        var load = new MonitorLoad(time, Settings);
        load.ClockTicked(TimeSpan.FromMilliseconds(20));
        Assert.Null(load.WhyNotTrusted(time.GetUtcNow()));

        load.ClockTicked(TimeSpan.FromMilliseconds(900));

        Assert.Contains("timers ran 900 ms late", load.WhyNotTrusted(time.GetUtcNow()), StringComparison.Ordinal);
        var reading = load.Read("self");
        Assert.Equal(TimeSpan.FromMilliseconds(900), reading.MaxTimerLag);
        Assert.True(reading.Overloaded);
        Assert.False(load.Read("self").Overloaded);

        // The live view forgets it after two intervals of punctual ticks.
        time.Advance(Settings.Interval * 2);
        load.ClockTicked(TimeSpan.FromMilliseconds(10));
        Assert.Null(load.WhyNotTrusted(time.GetUtcNow()));
    }

    [Fact]
    public void A_clock_tick_overdue_is_a_stall_seen_before_the_tick_can_report_itself()
    {
        var time = NewTime();
        var load = new MonitorLoad(time, Settings);
        load.ClockTickDue(time.GetUtcNow().AddMilliseconds(100));
        time.Advance(TimeSpan.FromMilliseconds(100) + load.LateAfter);
        Assert.Null(load.WhyNotTrusted(time.GetUtcNow()));

        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Contains("timers ran", load.WhyNotTrusted(time.GetUtcNow()), StringComparison.Ordinal);
    }

    [Fact]
    public void Not_one_target_answering_across_several_clusters_is_the_monitors_problem_first()
    {
        var time = NewTime();
        var load = new MonitorLoad(time, Settings);
        for (var cluster = 0; cluster < 3; cluster++)
        {
            for (var member = 0; member < 3; member++)
            {
                load.Probed(cluster, answered: false);
            }
        }

        Assert.Contains("not one target answered", load.WhyNotTrusted(time.GetUtcNow()), StringComparison.Ordinal);
        var reading = load.Read("self");
        Assert.True(reading.Overloaded);
        Assert.Contains("on 3 clusters", Assert.Single(reading.Overload), StringComparison.Ordinal);
    }

    [Fact]
    public void One_answer_anywhere_or_a_single_silent_cluster_is_the_targets_doing()
    {
        var time = NewTime();
        var load = new MonitorLoad(time, Settings);
        for (var i = 0; i < 9; i++)
        {
            load.Probed(i % 3, answered: false);
        }

        load.Probed(7, answered: true);
        Assert.Null(load.WhyNotTrusted(time.GetUtcNow()));
        Assert.False(load.Read("self").Overloaded);

        // A whole ensemble down, nothing else configured: that is an outage to page, not the monitor cut off.
        for (var i = 0; i < 9; i++)
        {
            load.Probed(0, answered: false);
        }

        Assert.Null(load.WhyNotTrusted(time.GetUtcNow()));
        Assert.False(load.Read("self").Overloaded);
    }
}
