using System.Globalization;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Runtime.Permits;
using QuorumMonitor.ZooKeeper.Model;

namespace QuorumMonitor.ZooKeeper.Permits;

/// <summary>
/// ZooKeeper's permit arithmetic: a member may go down when every other member serves and is under no permit, and
/// the serving voters left (without it) still make a quorum with <c>permits.minFaultToleranceAfter</c> to spare. It
/// is back when it serves again as leader, follower or observer with the leader's epoch and its zxid within
/// <see cref="MaxZxidLag"/> of the leader's.
/// </summary>
public sealed class ZooKeeperPermitJudge : IPermitJudge
{
    /// <summary>A follower serves only after syncing with the leader; this bound absorbs writes during one round.</summary>
    public const long MaxZxidLag = 1000;

    public string Kind => ZooKeeperKind.KindName;

    public string? FindMember(ClusterObservation observation, string member) =>
        observation is ZooKeeperEnsembleObservation zk
            ? zk.Members.FirstOrDefault(m => string.Equals(m.UnitId, member, StringComparison.OrdinalIgnoreCase))?.UnitId
            : null;

    public PermitVerdict Judge(ClusterObservation observation, string member, IReadOnlyList<Permit> held, int minFaultToleranceAfter)
    {
        if (observation is not ZooKeeperEnsembleObservation zk)
        {
            return PermitVerdict.Refuse($"{observation.Cluster.Name} is not a ZooKeeper ensemble");
        }

        var name = zk.Cluster.Name;
        var target = zk.Members.First(m => m.UnitId == member);
        var permitted = held.Where(p => p.Member != member).ToDictionary(p => p.Member, StringComparer.Ordinal);
        var blockers = new List<string>();
        var permittedServingVoters = 0;
        foreach (var m in zk.Members.Where(m => m.UnitId != member))
        {
            if (m.State != ZooKeeperMemberState.Serving)
            {
                blockers.Add($"{m.UnitId} is {Words(m.State)}" + (permitted.TryGetValue(m.UnitId, out var p) ? $" ({p})" : ""));
            }
            else if (permitted.TryGetValue(m.UnitId, out var p))
            {
                blockers.Add($"{m.UnitId} is under {p}");
                permittedServingVoters += m.IsVoter ? 1 : 0;
            }
        }

        if (!zk.HasQuorum)
        {
            return PermitVerdict.Refuse($"{name} has no quorum ({zk.ServingVoters} of {zk.Voters} voters serving, {zk.Quorum} needed)",
                "restore the quorum first");
        }

        if (blockers.Count > 0)
        {
            var tolerance = Math.Max(0, zk.ServingVoters - permittedServingVoters - zk.Quorum);
            return PermitVerdict.Refuse(
                $"{name} tolerates {tolerance} more failures: {string.Join("; ", blockers)}",
                $"wait until {(blockers.Count == 1 ? "that member serves" : "those members serve")} again and no other permit is held (acquire --wait retries)");
        }

        if (zk.LeaderMembers.Count != 1 || zk.Epochs.Count > 1)
        {
            return PermitVerdict.Refuse($"{name}'s members disagree on the leader ({string.Join(", ", zk.Leaders)}; epochs {string.Join(", ", zk.Epochs)})",
                "wait for the ensemble to settle on one leader");
        }

        var servingAfter = zk.ServingVoters - (target.State == ZooKeeperMemberState.Serving && target.IsVoter ? 1 : 0);
        var toleranceAfter = servingAfter - zk.Quorum;
        if (toleranceAfter < 0)
        {
            return PermitVerdict.Refuse(
                $"with {member} down {name} would lose its quorum ({servingAfter} of {zk.Voters} voters serving, {zk.Quorum} needed)",
                "add voters to the ensemble before restarting members one at a time");
        }

        if (toleranceAfter < minFaultToleranceAfter)
        {
            return PermitVerdict.Refuse(
                string.Create(CultureInfo.InvariantCulture,
                    $"with {member} down {name} would tolerate {toleranceAfter} more failures; permits.minFaultToleranceAfter asks for {minFaultToleranceAfter}"),
                "add voters, or lower permits.minFaultToleranceAfter");
        }

        return PermitVerdict.Allow;
    }

    public MemberRecovery Recovery(ClusterObservation observation, string member)
    {
        if (observation is not ZooKeeperEnsembleObservation zk || zk.Members.FirstOrDefault(m => m.UnitId == member) is not { } m)
        {
            return MemberRecovery.Unknown;
        }

        if (m.State != ZooKeeperMemberState.Serving || m.Role is not (ZooKeeperRole.Leader or ZooKeeperRole.Follower or ZooKeeperRole.Observer))
        {
            return MemberRecovery.Down;
        }

        if (m.Role == ZooKeeperRole.Leader)
        {
            return MemberRecovery.Back;
        }

        // Caught up: the leader's epoch and close to its zxid. Without a single leader to compare with, not yet.
        return zk.LeaderMembers is [{ Zxid: { } leaderZxid }] && m.Zxid is { } zxid
            && (zxid >> 32) == (leaderZxid >> 32) && leaderZxid - zxid <= MaxZxidLag
            ? MemberRecovery.Back
            : MemberRecovery.Down;
    }

    private static string Words(ZooKeeperMemberState state) => state switch
    {
        ZooKeeperMemberState.Refused => "down",
        ZooKeeperMemberState.Timeout => "not answering",
        ZooKeeperMemberState.NotServing => "not serving",
        ZooKeeperMemberState.Error => "unreachable",
        _ => "serving",
    };
}
