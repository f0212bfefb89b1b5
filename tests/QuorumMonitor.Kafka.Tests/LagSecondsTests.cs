using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

public class LagSecondsTests
{
    private const long T0 = 1_800_000_000_000;

    [Fact]
    public void A_caught_up_consumer_is_zero_seconds_behind_however_idle_the_topic()
    {
        var table = new LogEndTable();
        table.Observe(500, T0);
        table.Observe(500, T0 + 86_400_000);

        var lag = LagSeconds.Estimate(table, committed: 500, logEnd: 500, nowMs: T0 + (3 * 86_400_000));

        Assert.Equal(new LagEstimate(0, false), lag);
    }

    [Fact]
    public void Lag_is_interpolated_between_the_points_around_the_committed_offset()
    {
        var table = new LogEndTable();
        table.Observe(100, T0);
        table.Observe(200, T0 + 10_000);

        // Offset 150 is the next to consume; the log end passed it (151) 51% of the way from 0 s to 10 s.
        var lag = LagSeconds.Estimate(table, committed: 150, logEnd: 200, nowMs: T0 + 20_000);

        Assert.False(lag.IsLowerBound);
        Assert.Equal(20 - 5.1, lag.Seconds, 3);
    }

    [Fact]
    public void A_burst_after_an_idle_spell_is_dated_from_when_the_log_end_last_stood_still_not_from_the_idle_spell()
    {
        var table = new LogEndTable();
        table.Observe(100, T0);
        table.Observe(100, T0 + 60_000);
        table.Observe(200, T0 + 65_000);

        var lag = LagSeconds.Estimate(table, committed: 100, logEnd: 200, nowMs: T0 + 70_000);

        // Produced between 60 s and 65 s (at 60.05 s by interpolation), not somewhere in the idle minute before.
        Assert.Equal(9.95, lag.Seconds, 2);
    }

    [Fact]
    public void A_commit_older_than_the_table_is_a_lower_bound_not_an_extrapolation()
    {
        var table = new LogEndTable();
        table.Observe(1_000, T0);
        table.Observe(2_000, T0 + 1_000);
        table.Observe(3_000, T0 + 2_000);

        // A steep slope extrapolated back to offset 10 would claim a precise age; the table only knows "before T0".
        var lag = LagSeconds.Estimate(table, committed: 10, logEnd: 3_000, nowMs: T0 + 5_000);

        Assert.True(lag.IsLowerBound);
        Assert.Equal(5, lag.Seconds, 3);
    }

    [Fact]
    public void A_single_point_gives_a_number_never_NaN()
    {
        var table = new LogEndTable();
        table.Observe(10, T0);

        var lag = LagSeconds.Estimate(table, committed: 5, logEnd: 10, nowMs: T0 + 2_000);

        Assert.False(double.IsNaN(lag.Seconds));
        Assert.Equal(2, lag.Seconds, 3);
        Assert.True(lag.IsLowerBound);
    }

    [Fact]
    public void A_full_table_thins_its_older_half_and_keeps_the_oldest_and_newest()
    {
        var table = new LogEndTable(capacity: 5);
        for (var i = 0; i < 50; i++)
        {
            table.Observe(i * 10, T0 + (i * 1_000));
        }

        Assert.Equal(5, table.Count);
        Assert.Equal(0, table.Offset(0));
        Assert.Equal(490, table.Offset(4));
        for (var i = 1; i < table.Count; i++)
        {
            Assert.True(table.Offset(i) > table.Offset(i - 1));
        }

        // Interpolation across merged points stays on the line of a steady producer (10 messages/s).
        var lag = LagSeconds.Estimate(table, committed: 249, logEnd: 490, nowMs: T0 + 49_000);
        Assert.Equal(24, lag.Seconds, 0);
    }

    [Fact]
    public void A_log_that_went_backwards_starts_a_new_history()
    {
        var table = new LogEndTable();
        table.Observe(1_000, T0);
        table.Observe(5, T0 + 1_000);

        Assert.Equal(1, table.Count);
        Assert.Equal(5, table.Offset(0));
    }
}
