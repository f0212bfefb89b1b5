namespace QuorumMonitor.ZooKeeper.Model;

/// <summary>
/// The ensemble's own view of the members the monitor cannot reach (refused, timed out, in error): whether the members
/// the monitor does reach still count them in. A member they vouch for is unreachable from the monitor, not down —
/// a broken path (firewall, route, a proxy in front of it) must not page as a member or quorum loss.
/// <list type="bullet">
/// <item>A reachable leader that reports <c>zk_synced_followers</c> of at least voters − 1 has every follower synced:
/// each unreachable voter is vouched for. One fewer, and no unreachable voter is (the monitor cannot tell which one
/// the leader lost). The same with <c>zk_synced_observers</c> for unreachable observers.</item>
/// <item>No reachable leader: the one unreachable voter the monitor last saw leading, in epoch E, is vouched for
/// as the leader when every serving voter the monitor reaches follows in epoch E and, with it, they are a quorum.
/// A follower serves only while its leader holds a quorum, and an epoch has one leader, so that leader is alive.</item>
/// </list>
/// Without mntr on the leader, a leader never seen, or a new epoch, nothing is vouched for: down as before.
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

        return leaders.Count == 1 ? ByLeader(leaders[0], members, unreachable, voters) : ByFollowers(members, unreachable, voters);
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
        IReadOnlyList<ZooKeeperMemberResult> members, List<ZooKeeperMemberResult> unreachable, int voters)
    {
        var candidates = unreachable.Where(m => !m.IsObserver && m.LastSeenRole is ZooKeeperRole.Leader && m.LastSeenEpoch is not null).ToList();
        if (candidates.Count != 1)
        {
            return Empty;
        }

        var leader = candidates[0];
        var following = new List<ZooKeeperMemberResult>();
        foreach (var m in members)
        {
            if (m.State != ZooKeeperMemberState.Serving || !m.IsVoter)
            {
                continue;
            }

            // A serving voter that is not a follower of that epoch (read-only, standalone, another epoch) is not its view.
            if (m.Role is not ZooKeeperRole.Follower || m.Epoch != leader.LastSeenEpoch)
            {
                return Empty;
            }

            following.Add(m);
        }

        if (following.Count == 0 || following.Count + 1 < (voters / 2) + 1)
        {
            return Empty;
        }

        return new Dictionary<string, ZooKeeperVouch>(StringComparer.Ordinal)
        {
            [leader.UnitId] = new(leader.UnitId, following[0].UnitId, IsLeader: true,
                $"its followers {string.Join(", ", following.Select(f => f.Address))} still follow it (epoch {leader.LastSeenEpoch})"),
        };
    }
}
