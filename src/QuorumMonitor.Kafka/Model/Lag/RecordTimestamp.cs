namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>
/// What a bounded fetch at a committed offset found: the timestamp of the first record at or after it, or why there is
/// none (<see cref="UnixMs"/> null: an empty fetch, a record without a timestamp, an error such as no permission).
/// </summary>
public readonly record struct RecordTimestamp(long? UnixMs, MessageTimestampType? Type, string? Unavailable)
{
    public static RecordTimestamp Of(long unixMs, MessageTimestampType type) => new(unixMs, type, null);

    public static RecordTimestamp None(string why) => new(null, null, why);
}
