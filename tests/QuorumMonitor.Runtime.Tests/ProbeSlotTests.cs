using QuorumMonitor.Runtime;

namespace QuorumMonitor.Runtime.Tests;

/// <summary>A unit's slots are fixed: a late or long probe skips the slots it passed, counted, and never runs them late.</summary>
public class ProbeSlotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_quick_probe_takes_the_next_slot_and_skips_none()
    {
        Assert.Equal(T0 + Interval, ProbeScheduler.NextSlot(T0, T0 + TimeSpan.FromMilliseconds(40), Interval, out var skipped));
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void A_probe_that_took_no_time_at_all_still_moves_on()
    {
        Assert.Equal(T0 + Interval, ProbeScheduler.NextSlot(T0, T0, Interval, out var skipped));
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void A_probe_ending_exactly_on_a_slot_takes_it_at_once()
    {
        Assert.Equal(T0 + (Interval * 3), ProbeScheduler.NextSlot(T0, T0 + (Interval * 3), Interval, out var skipped));
        Assert.Equal(2, skipped);
    }

    [Fact]
    public void A_probe_ending_between_slots_waits_for_the_next_and_counts_the_ones_it_passed()
    {
        Assert.Equal(T0 + (Interval * 4), ProbeScheduler.NextSlot(T0, T0 + (Interval * 3) + TimeSpan.FromSeconds(1), Interval, out var skipped));
        Assert.Equal(3, skipped);
    }
}
