namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>
/// How old the oldest unconsumed message is. Unlike Kafka Lag Exporter: a caught-up consumer is 0 s behind (never NaN on
/// an idle topic), and a committed offset older than the table is reported as a lower bound (now − oldest point), never
/// extrapolated along a slope into a runaway figure.
/// </summary>
public static class LagSeconds
{
    public static LagEstimate Estimate(LogEndTable table, long committed, long logEnd, long nowMs)
    {
        if (committed >= logEnd || table.Count == 0)
        {
            return new LagEstimate(0, false);
        }

        // The next message to consume has offset `committed`; it existed once the log end passed it.
        var target = committed + 1;
        var k = table.FirstAtOrAbove(target);
        if (k < 0)
        {
            // The log end in this poll is past the table's newest point only if the table was not updated; treat as new.
            return new LagEstimate(0, false);
        }

        if (k == 0)
        {
            return new LagEstimate(Math.Max(0, nowMs - table.FirstSeenMs(0)) / 1000.0, true);
        }

        // Appended after the log end was last seen below it and no later than first seen at or above it.
        double o0 = table.Offset(k - 1), o1 = table.Offset(k);
        double t0 = table.LastSeenMs(k - 1), t1 = table.FirstSeenMs(k);
        var appendedAt = t0 + ((target - o0) / (o1 - o0) * (t1 - t0));
        return new LagEstimate(Math.Max(0, nowMs - appendedAt) / 1000.0, false);
    }
}
