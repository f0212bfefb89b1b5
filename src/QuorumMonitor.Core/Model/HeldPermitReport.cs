namespace QuorumMonitor.Core.Model;

/// <summary>One permit held now, as the status shows it.</summary>
public sealed record HeldPermitReport
{
    public required long Id { get; init; }
    public required string Kind { get; init; }
    public required string Cluster { get; init; }
    public required string Member { get; init; }
    public required string Holder { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset GrantedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Granted with <c>force</c> (a MySQL primary): its outage does not page.</summary>
    public bool Forced { get; init; }

    /// <summary>The monitor has seen the member down since the grant.</summary>
    public bool SeenDown { get; init; }
}
