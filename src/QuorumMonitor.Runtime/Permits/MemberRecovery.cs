namespace QuorumMonitor.Runtime.Permits;

/// <summary>Where a permitted member is in its restart, as its kind sees it.</summary>
public enum MemberRecovery
{
    /// <summary>Down, not serving or still joining.</summary>
    Down,

    /// <summary>Serving in its normal role and caught up: the restart is over.</summary>
    Back,

    /// <summary>Neither: the observation does not say (the member is unknown to it).</summary>
    Unknown,
}
