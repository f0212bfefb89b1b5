namespace QuorumMonitor.Runtime.Permits;

/// <summary>
/// Leave for one member of one cluster to go down on purpose until <see cref="ExpiresAt"/>. Part of the public
/// <c>/api/v1/permits</c> JSON.
/// </summary>
public sealed record Permit
{
    public required long Id { get; init; }
    public required string Kind { get; init; }
    public required string Cluster { get; init; }
    public required string Member { get; init; }
    public required string Holder { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset GrantedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public PermitState State { get; init; } = PermitState.Held;

    /// <summary>Granted with <c>force</c> for a member no permit covers otherwise (MySQL's primary).</summary>
    public bool Forced { get; init; }

    /// <summary>The monitor has seen the member down (or not serving) since the grant: its return ends the permit.</summary>
    public bool SeenDown { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Why the permit ended, in words.</summary>
    public string? EndReason { get; init; }

    public bool IsHeld => State == PermitState.Held;

    public override string ToString() => $"{(Forced ? "forced " : "")}permit #{Id} held by {Holder}: {Reason}";
}
