using QuorumMonitor.MySql.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.MySql.Rules;

/// <summary>
/// A per-instance condition. The primary takes writes, so an outage of it pages; the same condition on a replica is a
/// warning (the lost standby also shows as <see cref="MySqlNoHealthyStandbyRule"/>). What a restart passes through
/// (<see cref="PassedThroughByRestart"/>) is not raised for an instance whose restart permit covers it (a replica's, or
/// the primary's forced one); every summary names the permits held, so a page during a planned restart says whose.
/// </summary>
public abstract class MySqlInstanceRule : Rule<MySqlClusterObservation>
{
    protected virtual Severity SeverityFor(MySqlInstanceResult instance) =>
        instance.Role == MySqlRole.Primary ? Severity.Page : Severity.Warning;

    protected abstract bool Applies(MySqlClusterObservation cluster, MySqlInstanceResult instance);

    /// <summary>The condition is one a server goes through while it restarts (down, starting, catching up).</summary>
    protected virtual bool PassedThroughByRestart => false;

    protected abstract string Summary(MySqlClusterObservation cluster, MySqlInstanceResult instance);

    protected override IEnumerable<AlertCandidate> Evaluate(MySqlClusterObservation cluster) =>
        cluster.Instances.Where(i => Applies(cluster, i) && !(PassedThroughByRestart && cluster.CoveredByPermit(i)))
            .Select(i => new AlertCandidate(Name, SeverityFor(i), cluster.Cluster, Summary(cluster, i) + cluster.PlannedText,
            new Dictionary<string, string> { ["instance"] = i.Name, ["role"] = Names.Kebab(i.Role) }));

    protected static string Standbys(MySqlClusterObservation c) => c.Replicas.Count == 0 ? "no replicas declared"
        : c.StandbyAvailable ? $"healthy standby: {string.Join(", ", c.HealthyStandbys)}"
        : "no healthy standby to fail over to";
}
