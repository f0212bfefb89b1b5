namespace QuorumMonitor.MySql.Probes;

/// <summary>The few server variables one probe reads in its first query.</summary>
public sealed record MySqlServerVariables(long ServerId, bool ReadOnly, string? GtidPosition);
