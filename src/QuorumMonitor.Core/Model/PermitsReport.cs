namespace QuorumMonitor.Core.Model;

/// <summary>
/// Restart permits in <c>/api/v1/status</c> (<c>monitor run</c> only): the ones held now and the requests refused
/// recently, so the status page, <c>monitor status</c> and <c>monitor triage</c> say who is restarting what, and who
/// was told no.
/// </summary>
public sealed record PermitsReport
{
    public IReadOnlyList<HeldPermitReport> Held { get; init; } = [];

    /// <summary>The latest refusals, newest last (a bounded number of them).</summary>
    public IReadOnlyList<PermitRefusalReport> Refused { get; init; } = [];
}
