using QuorumMonitor.Core.Probing;
using QuorumMonitor.MySql.Config;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.MySql.Permits;

/// <summary>
/// MySQL's permit arithmetic, per instance (member = the instance's configured name): a replica may go down while
/// another healthy standby remains and no other instance is down or under a permit; the primary never (a failover
/// first makes it a replica), unless the request is forced with a reason: then the primary may go down while every
/// other instance answers and no other permit is held, and the permit is marked forced (logged as a warning, shown on
/// the permit and the status). A replica is back once it answers and is a healthy standby again (replicating, within
/// the lag threshold); the primary once it answers writable.
/// </summary>
public sealed class MySqlPermitJudge : IPermitJudge
{
    public string Kind => MySqlKind.KindName;

    public string? FindMember(ClusterObservation observation, string member) =>
        observation is MySqlClusterObservation m
            ? m.Instances.FirstOrDefault(i => string.Equals(i.Name, member, StringComparison.OrdinalIgnoreCase))?.Name
            : null;

    public PermitVerdict Judge(ClusterObservation observation, string member, IReadOnlyList<Permit> held, int minFaultToleranceAfter) =>
        Judge(observation, member, held, minFaultToleranceAfter, force: false);

    public PermitVerdict Judge(ClusterObservation observation, string member, IReadOnlyList<Permit> held, int minFaultToleranceAfter, bool force)
    {
        if (observation is not MySqlClusterObservation m)
        {
            return PermitVerdict.Refuse($"{observation.Cluster.Name} is not a MySQL cluster");
        }

        var name = m.Cluster.Name;
        var target = m.Instances.First(i => i.Name == member);
        var primary = target.Role == MySqlRole.Primary;
        if (primary && !force)
        {
            return PermitVerdict.Refuse($"{member} is {name}'s primary: a permit never covers the primary",
                "fail over to a standby first, then restart the old primary as a replica (or, to take the outage on purpose, ask again with force and a reason)");
        }

        var blockers = m.Instances.Where(i => i.Name != member && !i.IsAnswering).Select(i => $"{i.Name} is {Core.Model.Names.Kebab(i.State)}").ToList();
        blockers.AddRange(held.Where(p => p.Member != member).Select(p => $"{p.Member} is under {p}"));
        if (blockers.Count > 0)
        {
            return PermitVerdict.Refuse($"{name} cannot lose {member} now: {string.Join("; ", blockers)}",
                "wait until every instance answers and no other permit is held (acquire --wait retries)");
        }

        if (primary)
        {
            // Forced: the operator takes the primary's outage on purpose; writes stop until it is back.
            return PermitVerdict.AllowForced;
        }

        var others = m.HealthyStandbys.Where(s => s != member).ToList();
        var required = m.MinStandbys + minFaultToleranceAfter;
        if (others.Count < required)
        {
            return PermitVerdict.Refuse(
                others.Count == 0
                    ? $"{member} is {name}'s only healthy standby: with it down no instance could take over from the primary"
                    : $"with {member} down {name} would keep {others.Count} healthy standby(s) ({string.Join(", ", others)}); minStandbys {m.MinStandbys} + permits.minFaultToleranceAfter {minFaultToleranceAfter} ask for {required}",
                "bring another replica in sync first");
        }

        return PermitVerdict.Allow;
    }

    public MemberRecovery Recovery(ClusterObservation observation, string member)
    {
        if (observation is not MySqlClusterObservation m || m.Instances.FirstOrDefault(i => i.Name == member) is not { } instance)
        {
            return MemberRecovery.Unknown;
        }

        var back = instance.Role == MySqlRole.Primary ? instance.State == MySqlInstanceState.Ok : instance.IsAnswering && m.HealthyStandbys.Contains(member);
        return back ? MemberRecovery.Back : MemberRecovery.Down;
    }
}
