namespace QuorumMonitor.Runtime.Permits;

/// <summary>A kind's judgement of one permit request: allowed, or the reason in words and what would have to change.</summary>
public sealed record PermitVerdict(bool Allowed, string? Reason, string? Remedy)
{
    public static PermitVerdict Allow { get; } = new(true, null, null);

    /// <summary>Allowed only because the request was forced: the permit is marked forced.</summary>
    public static PermitVerdict AllowForced { get; } = new(true, null, null) { Forced = true };

    public bool Forced { get; init; }

    public static PermitVerdict Refuse(string reason, string? remedy = null) => new(false, reason, remedy);
}
