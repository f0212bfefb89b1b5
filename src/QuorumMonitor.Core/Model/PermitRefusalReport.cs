namespace QuorumMonitor.Core.Model;

/// <summary>A permit request the monitor refused (409): who asked for what, and why not.</summary>
public sealed record PermitRefusalReport
{
    public required DateTimeOffset At { get; init; }
    public required string Cluster { get; init; }
    public required string Member { get; init; }
    public required string Holder { get; init; }

    /// <summary>Why the holder wanted it (the request's reason).</summary>
    public required string Reason { get; init; }

    /// <summary>Why it was refused, in words.</summary>
    public required string Refusal { get; init; }

    public string? Remedy { get; init; }

    public bool Forced { get; init; }
}
