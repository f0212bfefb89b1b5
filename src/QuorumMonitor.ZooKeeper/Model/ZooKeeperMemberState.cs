namespace QuorumMonitor.ZooKeeper.Model;

public enum ZooKeeperMemberState
{
    /// <summary>Answers clients: a leader, follower, observer, standalone or read-only server.</summary>
    Serving,

    /// <summary>The process answers but serves no requests: it has no quorum (or is electing).</summary>
    NotServing,

    /// <summary>TCP connection refused: the process is not running.</summary>
    Refused,

    /// <summary>TCP accepted (or SYN unanswered) but no reply inside the deadline: frozen, overloaded or partitioned.</summary>
    Timeout,

    /// <summary>Anything else: unreachable host, an answer that cannot be read.</summary>
    Error,
}
