namespace QuorumMonitor.Core.Probing;

/// <summary>
/// A member that may be down on purpose: a restart permit is held for it. Rules leave it out of "member down" and
/// name it wherever the cluster's state is told (a quorum loss, the status page).
/// </summary>
public sealed record PlannedRestart(string Member, long PermitId, string Holder, string Reason, DateTimeOffset ExpiresAt)
{
    /// <summary>How the status, the incident timeline and alert summaries name it.</summary>
    public string Text => $"planned restart, permit #{PermitId} held by {Holder}: {Reason}";

    public override string ToString() => Text;
}
