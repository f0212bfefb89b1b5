namespace QuorumMonitor.Kafka.Model.Lag;

/// <param name="Seconds">Age of the oldest unconsumed message.</param>
/// <param name="IsLowerBound">True when the message predates the history the monitor has: it is at least this old.</param>
public readonly record struct LagEstimate(double Seconds, bool IsLowerBound);
