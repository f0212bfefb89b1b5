namespace QuorumMonitor.Runtime.Permits;

public enum PermitOutcome
{
    Granted,

    /// <summary>Granting it now could cost the cluster its quorum (or its margin); the reason says why.</summary>
    Refused,

    /// <summary>No such cluster or member in the config.</summary>
    NotFound,

    /// <summary>The request asks for something never allowed (a lease over <c>permits.maxTtl</c>).</summary>
    Invalid,
}
