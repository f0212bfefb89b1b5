using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Galera.Model;

/// <summary>
/// A Galera cluster as its nodes describe it: its components, which of them is Primary, and how many more node
/// failures the cluster survives. Quorum is counted like ZooKeeper's, against every configured node (weighted by
/// <c>pc.weight</c> where a node reports one): more than half the total weight must stay with safe voters. Galera
/// itself counts against the last Primary view, which may survive more failures one at a time, never more at once:
/// this is the figure that holds whatever order the next failures come in.
/// </summary>
public sealed record GaleraClusterObservation : ClusterObservation
{
    public GaleraClusterObservation(ClusterRef cluster, DateTimeOffset at, IReadOnlyList<GaleraNodeResult> nodes, double flowControlPausedThreshold)
        : base(cluster, at)
    {
        Nodes = nodes;
        FlowControlPausedThreshold = flowControlPausedThreshold;
        Components = nodes.Where(n => n.IsAnswering)
            .GroupBy(n => (n.StateUuid, ConfId: n.IsPrimary ? n.ConfId : null, n.IsPrimary))
            .Select(g => new GaleraComponent(g.Key.StateUuid, g.Key.ConfId, g.Key.IsPrimary, g.ToList()))
            .OrderByDescending(c => c.IsPrimary).ThenByDescending(c => c.Members.Count)
            .ToList();
        PrimaryComponents = Components.Where(c => c.IsPrimary).ToList();
        PrimaryComponent = PrimaryComponents.FirstOrDefault();
        TotalWeight = nodes.Sum(n => n.EffectiveWeight);
        QuorumWeight = (TotalWeight / 2) + 1;
        SafeVoters = nodes.Where(n => n.IsSafeVoter).ToList();
        SafeVoterWeight = SafeVoters.Sum(n => n.EffectiveWeight);
        HasQuorum = PrimaryComponents.Count > 0;
        FaultToleranceLeft = HasQuorum ? Tolerance(SafeVoters, QuorumWeight) : 0;
    }

    public IReadOnlyList<GaleraNodeResult> Nodes { get; }

    public double FlowControlPausedThreshold { get; }

    /// <summary>Answering nodes grouped by state UUID, conf_id and Primary-ness; Primary components first, largest first.</summary>
    public IReadOnlyList<GaleraComponent> Components { get; }

    public IReadOnlyList<GaleraComponent> PrimaryComponents { get; }

    /// <summary>The largest Primary component; null when no answering node is in one.</summary>
    public GaleraComponent? PrimaryComponent { get; }

    /// <summary>Sum of every configured node's weight (1 where the monitor has not read one).</summary>
    public int TotalWeight { get; }

    /// <summary>Weight a component needs: more than half of <see cref="TotalWeight"/>.</summary>
    public int QuorumWeight { get; }

    /// <summary>Nodes in a Primary component, Synced and ready.</summary>
    public IReadOnlyList<GaleraNodeResult> SafeVoters { get; }

    public int SafeVoterWeight { get; }

    /// <summary>At least one answering node is in a Primary component.</summary>
    public bool HasQuorum { get; }

    /// <summary>
    /// How many more safe voters can fail at once, heaviest first, before the survivors' weight drops below
    /// <see cref="QuorumWeight"/>; 0 means the next failure may be an outage.
    /// </summary>
    public int FaultToleranceLeft { get; }

    /// <summary>Two Primary components both taking writes, or writers on different state UUIDs: the data is diverging.</summary>
    public bool IsSplitBrain =>
        PrimaryComponents.Count(c => c.AcceptsWrites) > 1
        || Nodes.Where(n => n.AcceptsWrites).Select(n => n.StateUuid).Distinct(StringComparer.Ordinal).Count() > 1;

    /// <summary>Nodes that are not safe voters, in the order configured.</summary>
    public IEnumerable<GaleraNodeResult> NotSafe => Nodes.Where(n => !n.IsSafeVoter);

    public IEnumerable<GaleraNodeResult> Down => Nodes.Where(n => !n.IsAnswering);

    public string StateName => IsSplitBrain ? "split-brain"
        : !HasQuorum ? "no-quorum"
        : Nodes.All(n => n.IsSafeVoter) ? "ok"
        : "degraded";

    /// <summary>Kept static: with weights, losing the heaviest voters first is the worst case.</summary>
    internal static int Tolerance(IReadOnlyList<GaleraNodeResult> safe, int quorum)
    {
        var remaining = safe.Sum(n => n.EffectiveWeight);
        if (remaining < quorum)
        {
            return 0;
        }

        var lost = 0;
        foreach (var weight in safe.Select(n => n.EffectiveWeight).OrderDescending())
        {
            remaining -= weight;
            if (remaining < quorum)
            {
                break;
            }

            lost++;
        }

        return lost;
    }

    public override IEnumerable<MemberStatus> MemberStatuses()
    {
        foreach (var n in Nodes)
        {
            yield return new MemberStatus(n.Name, MemberState(n), null);
        }
    }

    /// <summary>"serving" for a safe voter (what <c>member_up</c> counts), else what the node is instead.</summary>
    public static string MemberState(GaleraNodeResult n) =>
        !n.IsAnswering ? Names.Kebab(n.State)
        : n.IsSafeVoter ? "serving"
        : !n.IsPrimary ? "non-primary"
        : n.LocalStateComment is { Length: > 0 } comment ? GaleraText.Kebab(comment)
        : "not-ready";

    public override ClusterReport ToReport() => new()
    {
        Kind = Cluster.Kind,
        Name = Cluster.Name,
        State = StateName,
        Members = Nodes.Select(ToReport).ToList(),
        Details = new Dictionary<string, object?>
        {
            ["hasQuorum"] = HasQuorum,
            ["faultToleranceLeft"] = FaultToleranceLeft,
            ["totalWeight"] = TotalWeight,
            ["quorumWeight"] = QuorumWeight,
            ["safeVoterWeight"] = SafeVoterWeight,
            ["primaryComponents"] = PrimaryComponents.Count,
            ["components"] = Components.Select(c => c.ToString()).ToList(),
            ["splitBrain"] = IsSplitBrain,
            ["flowControlPausedThreshold"] = FlowControlPausedThreshold,
        },
    };

    private static MemberReport ToReport(GaleraNodeResult n) => new()
    {
        Address = n.Name,
        State = MemberState(n),
        Role = n.IsAnswering ? (n.IsPrimary ? "primary-component" : "non-primary") : null,
        Error = n.Error,
        Details = new Dictionary<string, object?>
        {
            ["version"] = n.Version,
            ["clusterStatus"] = n.ClusterStatus,
            ["clusterSize"] = n.ClusterSize,
            ["ready"] = n.Ready,
            ["connected"] = n.Connected,
            ["localState"] = n.LocalStateComment,
            ["stateUuid"] = n.StateUuid,
            ["confId"] = n.ConfId,
            ["flowControlPaused"] = n.FlowControlPausedFraction,
            ["recvQueue"] = n.RecvQueue,
            ["weight"] = n.Weight,
            ["probeMs"] = Math.Round(n.Duration.TotalMilliseconds, 1),
        }.Where(kv => kv.Value is not null).ToDictionary(),
    };
}
