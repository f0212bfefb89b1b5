namespace QuorumMonitor.Runtime.Permits;

public enum PermitState
{
    /// <summary>The member may be down: its restart is planned.</summary>
    Held,

    /// <summary>Given back: the member serves again after its restart, or the holder released it early.</summary>
    Released,

    /// <summary>The lease ran out before the member was seen back; a warning was raised.</summary>
    Expired,
}
