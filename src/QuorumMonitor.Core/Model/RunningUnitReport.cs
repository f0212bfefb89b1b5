namespace QuorumMonitor.Core.Model;

/// <summary>One probe unit as it runs now, and the deadline each of its probes gets.</summary>
public sealed record RunningUnitReport(string Id, double DeadlineSeconds);
