using QuorumMonitor.Core.Probing;
using QuorumMonitor.Galera.Model;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Galera.Permits;

/// <summary>
/// Galera's permit arithmetic, as ZooKeeper's counting Synced nodes (member = the node's <c>host:port</c>): a node may
/// go down while every other node is a safe voter (answering, Primary, Synced; none a donor, joiner or under another
/// permit) and, with it down, the safe voters keep the quorum weight with <c>minFaultToleranceAfter</c> failures to
/// spare. A node is back once it is a safe voter again (Synced in the Primary component, so IST/SST is done).
/// </summary>
public sealed class GaleraPermitJudge : IPermitJudge
{
    public string Kind => GaleraKind.KindName;

    public string? FindMember(ClusterObservation observation, string member) =>
        observation is GaleraClusterObservation g
            ? g.Nodes.FirstOrDefault(n => string.Equals(n.Name, member, StringComparison.OrdinalIgnoreCase))?.Name
            : null;

    public PermitVerdict Judge(ClusterObservation observation, string member, IReadOnlyList<Permit> held, int minFaultToleranceAfter)
    {
        if (observation is not GaleraClusterObservation g)
        {
            return PermitVerdict.Refuse($"{observation.Cluster.Name} is not a Galera cluster");
        }

        var name = g.Cluster.Name;
        var blockers = g.Nodes.Where(n => n.Name != member && !n.IsSafeVoter).Select(n => $"{n.Name} is {GaleraClusterObservation.MemberState(n)}").ToList();
        blockers.AddRange(held.Where(p => p.Member != member).Select(p => $"{p.Member} is under {p}"));
        if (blockers.Count > 0)
        {
            return PermitVerdict.Refuse($"{name} tolerates no planned restart now: {string.Join("; ", blockers)}",
                "wait until every node is Synced in the Primary component and no other permit is held (acquire --wait retries)");
        }

        var after = g.SafeVoters.Where(n => n.Name != member).ToList();
        var tolerance = after.Sum(n => n.EffectiveWeight) >= g.QuorumWeight ? GaleraClusterObservation.Tolerance(after, g.QuorumWeight) : -1;
        if (tolerance < minFaultToleranceAfter)
        {
            return PermitVerdict.Refuse(
                tolerance < 0
                    ? $"with {member} down {name} would lose its Primary component: {after.Sum(n => n.EffectiveWeight)} of {g.TotalWeight} weight left, {g.QuorumWeight} needed"
                    : $"with {member} down {name} would tolerate {tolerance} more failure(s); permits.minFaultToleranceAfter asks for {minFaultToleranceAfter}",
                "add a node, or lower permits.minFaultToleranceAfter");
        }

        return PermitVerdict.Allow;
    }

    public MemberRecovery Recovery(ClusterObservation observation, string member)
    {
        if (observation is not GaleraClusterObservation g || g.Nodes.FirstOrDefault(n => n.Name == member) is not { } node)
        {
            return MemberRecovery.Unknown;
        }

        return node.IsSafeVoter ? MemberRecovery.Back : MemberRecovery.Down;
    }
}
