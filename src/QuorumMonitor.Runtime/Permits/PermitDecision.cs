namespace QuorumMonitor.Runtime.Permits;

/// <summary>What the broker answered: the permit, or why not and what would have to change.</summary>
public sealed record PermitDecision(PermitOutcome Outcome, Permit? Permit, string? Reason, string? Remedy)
{
    public static PermitDecision Granted(Permit permit) => new(PermitOutcome.Granted, permit, null, null);

    public static PermitDecision Refused(string reason, string? remedy) => new(PermitOutcome.Refused, null, reason, remedy);
}
