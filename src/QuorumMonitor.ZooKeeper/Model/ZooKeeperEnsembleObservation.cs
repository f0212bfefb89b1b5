using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.ZooKeeper.Model;

/// <summary>
/// The ensemble model: who votes, who serves, who leads, and how many more failures the ensemble survives.
/// </summary>
public sealed record ZooKeeperEnsembleObservation : ClusterObservation
{
    public ZooKeeperEnsembleObservation(ClusterRef cluster, DateTimeOffset at, IReadOnlyList<ZooKeeperMemberResult> members)
        : base(cluster, at)
    {
        // One pass, no LINQ: this runs for every ensemble on every evaluation.
        Members = members;
        List<ZooKeeperMemberResult>? leaders = null;
        List<int>? epochs = null;
        long minZxid = long.MaxValue, maxZxid = long.MinValue;
        var zxidCount = 0;
        foreach (var m in members)
        {
            // A member we cannot reach counts as a voter unless it is declared or was last seen as an observer.
            if (!m.IsObserver)
            {
                ConfiguredVoters++;
            }

            if (m.State != ZooKeeperMemberState.Serving)
            {
                continue;
            }

            // The leader's own view of the voting members wins; any serving member's view beats the config.
            var isLeader = m.Role is ZooKeeperRole.Leader or ZooKeeperRole.Standalone;
            if (m.QuorumSize is > 0 && (ReportedVoters is null || isLeader))
            {
                ReportedVoters = m.QuorumSize;
            }

            if (isLeader && m.SyncedObservers is { } observers)
            {
                ReportedObservers = observers;
            }

            if (m.IsVoter)
            {
                ServingVoters++;
            }

            if (isLeader)
            {
                (leaders ??= []).Add(m);
            }

            if (m.Zxid is { } zxid)
            {
                zxidCount++;
                minZxid = Math.Min(minZxid, zxid);
                maxZxid = Math.Max(maxZxid, zxid);
                var epoch = (int)(zxid >> 32);
                if (epochs is null || !epochs.Contains(epoch))
                {
                    (epochs ??= []).Add(epoch);
                }
            }

            MaxOutstanding = Math.Max(MaxOutstanding, m.Outstanding ?? 0);
            MaxLatencyMs = Math.Max(MaxLatencyMs, m.LatencyMaxMs ?? 0);
        }

        epochs?.Sort();
        // The servers know who votes (observers excluded); the config lists voters and observers alike, and a down
        // observer whose role the monitor never learnt would otherwise raise the quorum and fake a quorum loss.
        Voters = ReportedVoters ?? ConfiguredVoters;
        Quorum = (Voters / 2) + 1;
        LeaderMembers = (IReadOnlyList<ZooKeeperMemberResult>?)leaders ?? [];

        // A member the monitor cannot reach but the ensemble still counts in serves (see ZooKeeperClusterView).
        Vouches = ZooKeeperClusterView.Vouches(members, Voters);
        foreach (var m in members)
        {
            if (Vouches.TryGetValue(m.UnitId, out var vouch))
            {
                ServingVoters += m.IsObserver ? 0 : 1;
                VouchedLeader ??= vouch.IsLeader ? m : null;
            }
        }

        HasQuorum = ServingVoters >= Quorum && (LeaderMembers.Count > 0 || VouchedLeader is not null);
        FaultToleranceLeft = HasQuorum ? ServingVoters - Quorum : 0;
        Epochs = (IReadOnlyList<int>?)epochs ?? [];
        MaxZxidLag = zxidCount > 1 && Epochs.Count == 1 ? maxZxid - minZxid : 0;
    }

    public IReadOnlyList<ZooKeeperMemberResult> Members { get; }

    /// <summary>Members in the monitor's config that are not known observers (declared, answering or last seen as one).</summary>
    public int ConfiguredVoters { get; }

    /// <summary>Voting members according to a serving member (<c>zk_quorum_size</c>), when mntr is allowed.</summary>
    public int? ReportedVoters { get; }

    /// <summary>Observers synced to the leader (<c>zk_synced_observers</c>), when the leader answers mntr.</summary>
    public int? ReportedObservers { get; }

    /// <summary>Voting members: what the servers report (<see cref="ReportedVoters"/>), else <see cref="ConfiguredVoters"/>.</summary>
    public int Voters { get; }

    /// <summary>Votes needed for a quorum: floor(voters / 2) + 1.</summary>
    public int Quorum { get; }

    public int ServingVoters { get; }

    /// <summary>Members that answer as the leader (the monitor reached them).</summary>
    public IReadOnlyList<ZooKeeperMemberResult> LeaderMembers { get; }

    /// <summary>The leader the monitor cannot reach but its followers still follow, if that is the case.</summary>
    public ZooKeeperMemberResult? VouchedLeader { get; }

    public IReadOnlyList<string> Leaders => VouchedLeader is { } vouched ? [vouched.UnitId] : LeaderMembers.Select(m => m.UnitId).ToList();

    /// <summary>
    /// Members the monitor cannot reach that the ensemble's own view still counts in, by unit id: unreachable from the
    /// monitor, not down. They count as serving, are left out of <see cref="NotServing"/> and raise <c>MonitorCannotReach</c>.
    /// </summary>
    public IReadOnlyDictionary<string, ZooKeeperVouch> Vouches { get; }

    public ZooKeeperVouch? VouchFor(string unitId) => Vouches.GetValueOrDefault(unitId);

    public bool HasQuorum { get; }

    /// <summary>How many more voters can fail before quorum is lost; 0 means the next failure is an outage.</summary>
    public int FaultToleranceLeft { get; }

    /// <summary>Distinct leader epochs (zxid high 32 bits) among serving members; more than one means they disagree.</summary>
    public IReadOnlyList<int> Epochs { get; }

    public long MaxZxidLag { get; }

    public long MaxOutstanding { get; }

    public long MaxLatencyMs { get; }

    public override IEnumerable<MemberStatus> MemberStatuses()
    {
        foreach (var m in Members)
        {
            // A vouched member is not a member failure to correlate: the ensemble says it serves.
            yield return new MemberStatus(m.UnitId, Vouches.ContainsKey(m.UnitId) ? "serving" : Names.Kebab(m.State), m.UptimeSeconds);
        }
    }

    public bool VoterCountMismatch => ReportedVoters is { } r && r != ConfiguredVoters;

    public string StateName => !HasQuorum ? "no-quorum"
        : Members.All(m => m.State == ZooKeeperMemberState.Serving) && LeaderMembers.Count == 1 ? "ok"
        : "degraded";

    /// <summary>Members that do not serve, as far as the ensemble's own view confirms (vouched members are not among them).</summary>
    public IEnumerable<ZooKeeperMemberResult> NotServing =>
        Members.Where(m => m.State != ZooKeeperMemberState.Serving && !Vouches.ContainsKey(m.UnitId));

    /// <summary>The ensemble's <c>electionGrace</c> (see <see cref="ElectingAfterPlannedRestart"/>).</summary>
    public TimeSpan ElectionGrace { get; init; }

    /// <summary>
    /// No quorum only because a planned restart took the leader and the others are electing a new one: every voter
    /// not under a permit answers (serving or not yet), and they are a quorum. ZooKeeper has no leader hand-off, so a
    /// rolling restart always passes through this; a member down without a permit, or too few voters up, is not it.
    /// </summary>
    public bool ElectingAfterPlannedRestart
    {
        get
        {
            if (HasQuorum || PlannedRestarts.Count == 0)
            {
                return false;
            }

            var up = 0;
            foreach (var m in Members)
            {
                if (m.IsObserver || PlannedFor(m.UnitId) is not null)
                {
                    continue;
                }

                if (m.State is not (ZooKeeperMemberState.Serving or ZooKeeperMemberState.NotServing) && !Vouches.ContainsKey(m.UnitId))
                {
                    return false;
                }

                up++;
            }

            return up >= Quorum;
        }
    }

    public override ClusterReport ToReport() => new()
    {
        Kind = Cluster.Kind,
        Name = Cluster.Name,
        State = StateName,
        Members = Members.Select(m => ToReport(m, PlannedFor(m.UnitId), VouchFor(m.UnitId))).ToList(),
        Details = new Dictionary<string, object?>
        {
            ["voters"] = Voters,
            ["configuredVoters"] = ConfiguredVoters,
            ["reportedVoters"] = ReportedVoters,
            ["reportedObservers"] = ReportedObservers,
            ["quorum"] = Quorum,
            ["servingVoters"] = ServingVoters,
            ["hasQuorum"] = HasQuorum,
            ["faultToleranceLeft"] = FaultToleranceLeft,
            ["leaders"] = Leaders,
            ["unreachableFromMonitor"] = Vouches.Count > 0 ? Vouches.Keys.Order(StringComparer.Ordinal).ToList() : null,
            ["epochs"] = Epochs,
            ["maxZxidLag"] = MaxZxidLag,
            ["maxOutstanding"] = MaxOutstanding,
            ["maxLatencyMs"] = MaxLatencyMs,
        },
    };

    private static MemberReport ToReport(ZooKeeperMemberResult m, PlannedRestart? planned, ZooKeeperVouch? vouch) => new()
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
            ["lastSeenRole"] = m.Role is null && m.LastSeenRole is { } last ? Names.Kebab(last) : null,
            ["declaredObserver"] = m.DeclaredObserver ? true : null,
            ["problems"] = m.Problems.Count > 0 ? m.Problems : null,
            ["probeMs"] = Math.Round(m.Duration.TotalMilliseconds, 1),
            ["plannedRestart"] = planned?.Text,
            ["unreachableFromMonitor"] = vouch is null ? null : $"the monitor cannot reach it; {vouch.Reason}",
        }.Where(kv => kv.Value is not null).ToDictionary(),
    };
}
