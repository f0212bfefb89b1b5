namespace QuorumMonitor.Runtime.Permits;

/// <summary>A request for a permit, already checked for shape (the API names a bad field before it gets here).</summary>
/// <param name="Ttl">The lease asked for; null = <c>permits.ttl</c>.</param>
public sealed record PermitRequest(string Cluster, string Member, TimeSpan? Ttl, string Holder, string Reason);
