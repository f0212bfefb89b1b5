using Monitor.Core.Config;
using Monitor.Core.Probing;

namespace Monitor.Core.ZooKeeper;

/// <summary>What one probe of one ZooKeeper member found (srvr, mntr, AdminServer and a client session combined).</summary>
public sealed record ZooKeeperMemberObservation : ProbeResult
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

    public override string Outcome => Model.Names.Kebab(State);

    public int? Epoch => Zxid is { } z ? (int)(z >> 32) : null;

    public bool IsVoter => Role is not (ZooKeeperRole.Observer or ZooKeeperRole.ReadOnly);
}
