namespace QuorumMonitor.Core.Model;

/// <summary>One problem of a config that failed to load: field path, line (0 when unknown) and what is wrong.</summary>
public sealed record ConfigErrorReport(string Field, int Line, string Message);
