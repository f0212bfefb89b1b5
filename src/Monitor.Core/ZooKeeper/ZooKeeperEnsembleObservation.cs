using Monitor.Core.Model;
using Monitor.Core.Probing;

namespace Monitor.Core.ZooKeeper;

/// <summary>
/// The ensemble model: who votes, who serves, who leads, and how many more failures the ensemble survives.
/// </summary>
public sealed record ZooKeeperEnsembleObservation : ClusterObservation
{
    public ZooKeeperEnsembleObservation(ClusterRef cluster, DateTimeOffset at, IReadOnlyList<ZooKeeperMemberObservation> members)
        : base(cluster, at)
    {
        Members = members;
        var serving = members.Where(m => m.State == ZooKeeperMemberState.Serving).ToList();

        // A member we cannot reach may be an observer; only members seen as observers are known not to vote.
        ConfiguredVoters = members.Count(m => m.Role is not ZooKeeperRole.Observer);
        ReportedVoters = serving.Select(m => m.QuorumSize).FirstOrDefault(q => q is > 0);
        Voters = Math.Max(ReportedVoters ?? 0, ConfiguredVoters);
        Quorum = (Voters / 2) + 1;
        ServingVoters = serving.Count(m => m.IsVoter);
        Leaders = serving.Where(m => m.Role is ZooKeeperRole.Leader or ZooKeeperRole.Standalone).Select(m => m.Address.ToString()).ToList();
        HasQuorum = ServingVoters >= Quorum && Leaders.Count > 0;
        FaultToleranceLeft = HasQuorum ? ServingVoters - Quorum : 0;
        Epochs = serving.Where(m => m.Epoch is not null).Select(m => m.Epoch!.Value).Distinct().Order().ToList();
        var zxids = serving.Where(m => m.Zxid is not null).Select(m => m.Zxid!.Value).ToList();
        MaxZxidLag = zxids.Count > 1 && Epochs.Count == 1 ? zxids.Max() - zxids.Min() : 0;
        MaxOutstanding = serving.Max(m => m.Outstanding) ?? 0;
        MaxLatencyMs = serving.Max(m => m.LatencyMaxMs) ?? 0;
    }

    public IReadOnlyList<ZooKeeperMemberObservation> Members { get; }

    /// <summary>Members in the monitor's config that are not known observers.</summary>
    public int ConfiguredVoters { get; }

    /// <summary>Voting members according to a serving member (<c>zk_quorum_size</c>), when mntr is allowed.</summary>
    public int? ReportedVoters { get; }

    public int Voters { get; }

    /// <summary>Votes needed for a quorum: floor(voters / 2) + 1.</summary>
    public int Quorum { get; }

    public int ServingVoters { get; }

    public IReadOnlyList<string> Leaders { get; }

    public bool HasQuorum { get; }

    /// <summary>How many more voters can fail before quorum is lost; 0 means the next failure is an outage.</summary>
    public int FaultToleranceLeft { get; }

    /// <summary>Distinct leader epochs (zxid high 32 bits) among serving members; more than one means they disagree.</summary>
    public IReadOnlyList<int> Epochs { get; }

    public long MaxZxidLag { get; }

    public long MaxOutstanding { get; }

    public long MaxLatencyMs { get; }

    public bool VoterCountMismatch => ReportedVoters is { } r && r != ConfiguredVoters;

    public string StateName => !HasQuorum ? "no-quorum"
        : Members.All(m => m.State == ZooKeeperMemberState.Serving) && Leaders.Count == 1 ? "ok"
        : "degraded";

    public IEnumerable<ZooKeeperMemberObservation> NotServing => Members.Where(m => m.State != ZooKeeperMemberState.Serving);

    public override ClusterReport ToReport() => new()
    {
        Kind = Cluster.Kind,
        Name = Cluster.Name,
        State = StateName,
        Members = Members.Select(ToReport).ToList(),
        Details = new Dictionary<string, object?>
        {
            ["voters"] = Voters,
            ["configuredVoters"] = ConfiguredVoters,
            ["reportedVoters"] = ReportedVoters,
            ["quorum"] = Quorum,
            ["servingVoters"] = ServingVoters,
            ["hasQuorum"] = HasQuorum,
            ["faultToleranceLeft"] = FaultToleranceLeft,
            ["leaders"] = Leaders,
            ["epochs"] = Epochs,
            ["maxZxidLag"] = MaxZxidLag,
            ["maxOutstanding"] = MaxOutstanding,
            ["maxLatencyMs"] = MaxLatencyMs,
        },
    };

    private static MemberReport ToReport(ZooKeeperMemberObservation m) => new()
    {
        Address = m.Address.ToString(),
        State = Names.Kebab(m.State),
        Role = m.Role is { } r ? Names.Kebab(r) : null,
        Error = m.Error,
        Details = new Dictionary<string, object?>
        {
            ["zxid"] = m.Zxid is { } z ? $"0x{z:x}" : null,
            ["epoch"] = m.Epoch,
            ["outstanding"] = m.Outstanding,
            ["connections"] = m.Connections,
            ["latencyAvgMs"] = m.LatencyAvgMs,
            ["latencyMaxMs"] = m.LatencyMaxMs,
            ["uptimeSeconds"] = m.UptimeSeconds,
            ["version"] = m.Version,
            ["sessionOk"] = m.SessionOk,
            ["probeMs"] = Math.Round(m.Duration.TotalMilliseconds, 1),
        }.Where(kv => kv.Value is not null).ToDictionary(),
    };
}
