using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Runtime.Permits;

/// <summary>
/// A kind's arithmetic for restart permits: whether one of its members may go down now, and when it is back. The
/// runtime keeps the permits, their leases and the API; a kind registers one of these to take part.
/// </summary>
public interface IPermitJudge
{
    /// <summary>The kind whose observations it judges (<c>zookeeper</c>).</summary>
    string Kind { get; }

    /// <summary>The member's name as the observation spells it, or null when the cluster has no such member.</summary>
    string? FindMember(ClusterObservation observation, string member);

    /// <param name="member">As returned by <see cref="FindMember"/>.</param>
    /// <param name="held">The cluster's other permits still held.</param>
    /// <param name="minFaultToleranceAfter">Failures the cluster must still survive with the member down.</param>
    PermitVerdict Judge(ClusterObservation observation, string member, IReadOnlyList<Permit> held, int minFaultToleranceAfter);

    /// <summary>
    /// A request with <c>force</c>: only a kind with a member no permit covers otherwise (MySQL's primary) lets force
    /// change its answer, with <see cref="PermitVerdict.AllowForced"/>; the others judge it as any request.
    /// </summary>
    PermitVerdict Judge(ClusterObservation observation, string member, IReadOnlyList<Permit> held, int minFaultToleranceAfter, bool force) =>
        Judge(observation, member, held, minFaultToleranceAfter);

    MemberRecovery Recovery(ClusterObservation observation, string member);
}
