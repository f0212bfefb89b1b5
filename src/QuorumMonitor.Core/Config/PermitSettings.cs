namespace QuorumMonitor.Core.Config;

/// <summary>The <c>permits:</c> section: how careful the monitor is when it lets a member go down on purpose.</summary>
public sealed record PermitSettings
{
    /// <summary>Failures the cluster must still survive with the permitted member down; 0 = quorum must survive.</summary>
    public int MinFaultToleranceAfter { get; init; }

    /// <summary>The lease a permit gets when its request names none.</summary>
    public TimeSpan DefaultTtl { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest lease a request may ask for.</summary>
    public TimeSpan MaxTtl { get; init; } = TimeSpan.FromHours(4);
}
