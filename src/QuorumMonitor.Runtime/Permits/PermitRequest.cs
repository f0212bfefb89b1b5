namespace QuorumMonitor.Runtime.Permits;

/// <summary>A request for a permit, already checked for shape (the API names a bad field before it gets here).</summary>
/// <param name="Ttl">The lease asked for; null = <c>permits.ttl</c>.</param>
/// <param name="Force">
/// Asks for a member no permit covers otherwise (MySQL's primary); needs a <paramref name="Reason"/>, is logged as a
/// warning and shown on the permit and the status.
/// </param>
public sealed record PermitRequest(string Cluster, string Member, TimeSpan? Ttl, string Holder, string Reason, bool Force = false);
