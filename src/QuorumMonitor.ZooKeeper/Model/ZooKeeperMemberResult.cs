using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.ZooKeeper.Model;

/// <summary>What one probe of one ZooKeeper member found (srvr, mntr, AdminServer and a client session combined).</summary>
public sealed record ZooKeeperMemberResult : ProbeResult
{
    public required HostPort Address { get; init; }
    public required ZooKeeperMemberState State { get; init; }
    public ZooKeeperRole? Role { get; init; }
    public string? Error { get; init; }
    public string? Version { get; init; }
    public long? Zxid { get; init; }
    public long? Outstanding { get; init; }
    public long? Connections { get; init; }
    public double? LatencyAvgMs { get; init; }
    public long? LatencyMaxMs { get; init; }

    /// <summary>Voting members as this server sees them (<c>zk_quorum_size</c>); null when mntr is not allowed.</summary>
    public int? QuorumSize { get; init; }

    /// <summary>Seconds since the server process started (<c>zk_uptime</c>), to spot restarts.</summary>
    public double? UptimeSeconds { get; init; }

    public bool MntrAllowed { get; init; }

    /// <summary>Whether a client session could be opened; null when session checks are off or were not reached.</summary>
    public bool? SessionOk { get; init; }

    /// <summary>
    /// What the extras (mntr, the AdminServer, the session check, unreadable srvr fields) could not tell this round.
    /// Only srvr decides <see cref="State"/>: a problem here is a detail on the member, never a member failure.
    /// </summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The role this member last answered with while serving (this round or an earlier one), if ever.</summary>
    public ZooKeeperRole? LastSeenRole { get; init; }

    /// <summary>The monitor's config lists this member under <c>observers</c>.</summary>
    public bool DeclaredObserver { get; init; }

    /// <summary>Observers synced to this member (<c>zk_synced_observers</c>); only a leader reports it.</summary>
    public int? SyncedObservers { get; init; }

    /// <summary>Followers synced to this member (<c>zk_synced_followers</c>); only a leader reports it.</summary>
    public int? SyncedFollowers { get; init; }

    public override string Outcome => Core.Model.Names.Kebab(State);

    public int? Epoch => Zxid is { } z ? (int)(z >> 32) : null;

    /// <summary>
    /// An observer by its own answer now, or, when it does not say (down, not serving, read-only), by what it answered
    /// last time or by the config: a down observer must never count as a missing voter.
    /// </summary>
    public bool IsObserver => Role is ZooKeeperRole.Observer
        || (Role is not (ZooKeeperRole.Leader or ZooKeeperRole.Follower or ZooKeeperRole.Standalone)
            && (DeclaredObserver || LastSeenRole is ZooKeeperRole.Observer));

    /// <summary>Counts towards the serving voters: serving as a participant (read-only servers are outside the quorum).</summary>
    public bool IsVoter => !IsObserver && Role is not ZooKeeperRole.ReadOnly;
}
