namespace QuorumMonitor.Core.Probing;

/// <summary>
/// A member that may be down on purpose: a restart permit is held for it. Rules leave it out of "member down" and
/// name it wherever the cluster's state is told (a quorum loss, the status page).
/// </summary>
/// <param name="Forced">
/// Granted with <c>force</c> for a member no permit covers otherwise (MySQL's primary): its outage is accepted, and said.
/// </param>
public sealed record PlannedRestart(string Member, long PermitId, string Holder, string Reason, DateTimeOffset ExpiresAt, bool Forced = false)
{
    /// <summary>How the status, the incident timeline and alert summaries name it.</summary>
    public string Text => $"planned restart, {(Forced ? "forced " : "")}permit #{PermitId} held by {Holder}: {Reason}";

    public override string ToString() => Text;
}
