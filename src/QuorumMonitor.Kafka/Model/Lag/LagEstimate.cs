namespace QuorumMonitor.Kafka.Model.Lag;

/// <param name="Seconds">Age of the oldest unconsumed message.</param>
/// <param name="IsLowerBound">True when the message predates the history the monitor has: it is at least this old.</param>
/// <param name="Source">Read from the message's own timestamp, or interpolated over the log-end history.</param>
/// <param name="TimestampType">With <see cref="LagSource.Timestamp"/>: CreateTime or LogAppendTime.</param>
public readonly record struct LagEstimate(double Seconds, bool IsLowerBound, LagSource Source = LagSource.Interpolated, MessageTimestampType? TimestampType = null)
{
    /// <summary>Now minus the record's timestamp; a timestamp ahead of the monitor's clock (skew) counts as 0 s.</summary>
    public static LagEstimate FromTimestamp(long timestampMs, MessageTimestampType type, long nowMs) =>
        new(Math.Max(0, nowMs - timestampMs) / 1000.0, false, LagSource.Timestamp, type);
}
