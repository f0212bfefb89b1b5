namespace QuorumMonitor.ZooKeeper.Model;

/// <summary>
/// The ensemble's own view of the members the monitor cannot reach (refused, timed out, in error): whether the members
/// the monitor does reach still count them in. A member they vouch for is unreachable from the monitor, not down —
/// a broken path (firewall, route, a proxy in front of it) must not page as a member or quorum loss.
/// <list type="bullet">
/// <item>A reachable leader that reports <c>zk_synced_followers</c> of at least voters − 1 has every follower synced:
/// each unreachable voter is vouched for. One fewer, and no unreachable voter is (the monitor cannot tell which one
/// the leader lost). The same with <c>zk_synced_observers</c> for unreachable observers.</item>
/// <item>No reachable leader: the one unreachable voter, when the monitor last saw it leading and every other voter
/// answers as a serving follower, is vouched for as the leader. A follower serves only while connected to a leader
/// that holds a quorum, observers never lead, and every other voter follows: the leader can only be that one. Epochs
/// do not help: an idle follower's zxid stays in an older epoch (a fresh ensemble answers 0x0 and 0x100000000 side by
/// side), so with two voters unreachable the monitor cannot tell which one leads, and vouches for neither.</item>
/// </list>
/// Without mntr on the leader, a leader never seen, or a follower that stopped serving, nothing is vouched for: down as before.
/// </summary>
public static class ZooKeeperClusterView
{
    /// <summary>Unreachable members the serving ones still count in, by unit id, with who says so.</summary>
    public static IReadOnlyDictionary<string, ZooKeeperVouch> Vouches(IReadOnlyList<ZooKeeperMemberResult> members, int voters)
    {
        var unreachable = members.Where(IsUnreachable).ToList();
        if (unreachable.Count == 0)
        {
            return Empty;
        }

        var leaders = members.Where(m => m.State == ZooKeeperMemberState.Serving && m.Role is ZooKeeperRole.Leader).ToList();
        if (leaders.Count > 1)
        {
            return Empty;
        }

        return leaders.Count == 1 ? ByLeader(leaders[0], members, unreachable, voters) : ByFollowers(members, unreachable);
    }

    /// <summary>The monitor got no answer at all: what a broken path between it and the member looks like too.</summary>
    public static bool IsUnreachable(ZooKeeperMemberResult m) =>
        m.State is ZooKeeperMemberState.Refused or ZooKeeperMemberState.Timeout or ZooKeeperMemberState.Error;

    private static readonly IReadOnlyDictionary<string, ZooKeeperVouch> Empty = new Dictionary<string, ZooKeeperVouch>();

    private static Dictionary<string, ZooKeeperVouch> ByLeader(
        ZooKeeperMemberResult leader, IReadOnlyList<ZooKeeperMemberResult> members, List<ZooKeeperMemberResult> unreachable, int voters)
    {
        var vouches = new Dictionary<string, ZooKeeperVouch>(StringComparer.Ordinal);
        if (leader.SyncedFollowers is { } followers && voters > 1 && followers >= voters - 1)
        {
            foreach (var m in unreachable.Where(m => !m.IsObserver))
            {
                vouches[m.UnitId] = new ZooKeeperVouch(m.UnitId, leader.UnitId, IsLeader: false,
                    $"its leader {leader.Address} still counts it synced ({followers} of {voters - 1} followers)");
            }
        }

        var observers = members.Count(m => m.IsObserver);
        if (leader.SyncedObservers is { } synced && observers > 0 && synced >= observers)
        {
            foreach (var m in unreachable.Where(m => m.IsObserver))
            {
                vouches[m.UnitId] = new ZooKeeperVouch(m.UnitId, leader.UnitId, IsLeader: false,
                    $"its leader {leader.Address} still counts it synced ({synced} of {observers} observers)");
            }
        }

        return vouches;
    }

    private static IReadOnlyDictionary<string, ZooKeeperVouch> ByFollowers(
        IReadOnlyList<ZooKeeperMemberResult> members, List<ZooKeeperMemberResult> unreachable)
    {
        var voters = unreachable.Where(m => !m.IsObserver).ToList();
        if (voters is not [{ LastSeenRole: ZooKeeperRole.Leader } leader])
        {
            return Empty;
        }

        var following = new List<ZooKeeperMemberResult>();
        foreach (var m in members)
        {
            if (ReferenceEquals(m, leader) || m.IsObserver)
            {
                continue;
            }

            // Every other voter must follow: one not serving (it noticed the leader die), read-only or standalone is no such view.
            if (m.State != ZooKeeperMemberState.Serving || m.Role is not ZooKeeperRole.Follower)
            {
                return Empty;
            }

            following.Add(m);
        }

        if (following.Count == 0)
        {
            return Empty;
        }

        return new Dictionary<string, ZooKeeperVouch>(StringComparer.Ordinal)
        {
            [leader.UnitId] = new(leader.UnitId, following[0].UnitId, IsLeader: true,
                $"its followers {string.Join(", ", following.Select(f => f.Address))} still follow it, and no other voter can lead"),
        };
    }
}
