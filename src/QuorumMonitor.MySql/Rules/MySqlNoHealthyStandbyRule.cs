using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.MySql.Rules;

/// <summary>
/// Warning: replicas are declared but none could be promoted now (answering, both threads running, within the lag
/// threshold). A manual failover needs a standby before the primary fails, not after. Silent without replicas.
/// </summary>
public sealed class MySqlNoHealthyStandbyRule : Rule<MySqlClusterObservation>
{
    public const string AlertName = "MySqlNoHealthyStandby";

    public override string Name => AlertName;

    protected override IEnumerable<AlertCandidate> Evaluate(MySqlClusterObservation c)
    {
        if (c.Replicas.Count == 0 || c.StandbyAvailable || c.Replicas.Any(c.ReconnectingToPlannedPrimary))
        {
            yield break;
        }

        var why = string.Join("; ", c.Replicas.Select(r => $"{r.Name} {c.StandbyProblem(r)}"));
        yield return new AlertCandidate(AlertName, Severity.Warning, c.Cluster,
            $"MySQL cluster {c.Cluster.Name} has no replica to fail over to ({c.Replicas.Count} declared): {why}{c.PlannedText}");
    }
}
