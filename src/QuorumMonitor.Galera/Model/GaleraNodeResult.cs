using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Galera.Model;

/// <summary>What one probe of one Galera node found: whether it answered, and its wsrep status when it did.</summary>
public sealed record GaleraNodeResult : ProbeResult
{
    /// <summary>The node's <c>host:port</c>, as configured.</summary>
    public required string Name { get; init; }

    public required GaleraNodeState State { get; init; }

    public string? Error { get; init; }

    public override string Outcome => Core.Model.Names.Kebab(State);

    public string? Version { get; init; }

    /// <summary><c>wsrep_cluster_status</c>: Primary, non-Primary or Disconnected.</summary>
    public string? ClusterStatus { get; init; }

    /// <summary><c>wsrep_cluster_size</c>: members of the component this node is in, as it sees it.</summary>
    public int? ClusterSize { get; init; }

    /// <summary><c>wsrep_ready</c>: the node accepts queries.</summary>
    public bool? Ready { get; init; }

    /// <summary><c>wsrep_connected</c>: the provider is connected to the group.</summary>
    public bool? Connected { get; init; }

    /// <summary><c>wsrep_local_state_comment</c>: Synced, Donor/Desynced, Joining, Joined, Initialized...</summary>
    public string? LocalStateComment { get; init; }

    /// <summary><c>wsrep_cluster_state_uuid</c>: the history this node's data belongs to.</summary>
    public string? StateUuid { get; init; }

    /// <summary><c>wsrep_cluster_conf_id</c>: the membership view; -1 outside a Primary component.</summary>
    public long? ConfId { get; init; }

    /// <summary><c>wsrep_flow_control_paused</c>: fraction of time paused since the server's last FLUSH STATUS.</summary>
    public double? FlowControlPaused { get; init; }

    /// <summary>Fraction of time paused since this node's previous probe (<c>wsrep_flow_control_paused_ns</c>); null on the first.</summary>
    public double? FlowControlPausedRecent { get; init; }

    /// <summary><c>wsrep_local_recv_queue</c>: write-sets received and not yet applied.</summary>
    public long? RecvQueue { get; init; }

    /// <summary><c>pc.weight</c> from <c>wsrep_provider_options</c>; null when not read (the default is 1).</summary>
    public int? Weight { get; init; }

    /// <summary>Flow control as the rules judge it: since the previous probe when known, else since FLUSH STATUS.</summary>
    public double? FlowControlPausedFraction => FlowControlPausedRecent ?? FlowControlPaused;

    public bool IsAnswering => State == GaleraNodeState.Ok;

    public bool IsPrimary => IsAnswering && string.Equals(ClusterStatus, "Primary", StringComparison.Ordinal);

    public bool IsSynced => IsAnswering && string.Equals(LocalStateComment, "Synced", StringComparison.Ordinal);

    /// <summary>In a Primary component and ready: writes here commit (and replicate to its component).</summary>
    public bool AcceptsWrites => IsPrimary && Ready == true;

    /// <summary>
    /// A member one can count on to keep quorum: Primary, Synced, ready. A Donor/Desynced or joining node answers
    /// but is not counted (it lags or blocks, and is the node an operator is about to restart).
    /// </summary>
    public bool IsSafeVoter => AcceptsWrites && IsSynced;

    /// <summary>The node's weight in quorum arithmetic (Galera's default is 1).</summary>
    public int EffectiveWeight => Weight ?? 1;
}
