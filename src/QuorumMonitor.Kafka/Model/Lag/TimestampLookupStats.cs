namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>One round's timestamp fetches: how many positions were planned (within the budget), how many answered, and why the read failed if it did.</summary>
public sealed record TimestampLookupStats(int Planned, int Read, string? Error);
