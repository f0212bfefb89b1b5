namespace QuorumMonitor.Runtime.Permits;

/// <summary>The permit could not be stored durably; the broker refuses the grant rather than hand out one a restart would forget.</summary>
public sealed class PermitStoreException(string message, Exception inner) : Exception(message, inner);
