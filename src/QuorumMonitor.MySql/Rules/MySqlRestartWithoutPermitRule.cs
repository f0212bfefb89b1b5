using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Rules.Restarts;

namespace QuorumMonitor.MySql.Rules;

/// <summary>
/// Warning per instance that went down or restarted without a permit while another instance was under one: something
/// restarts servers behind the permits' back. Raised for <c>correlation.commonCauseWindow</c> after the change.
/// </summary>
public sealed class MySqlRestartWithoutPermitRule : Rule<MySqlClusterObservation>, IRule
{
    public const string AlertName = UnplannedRestarts.WithoutPermitAlert;

    public override string Name => AlertName;

    /// <summary>The instance is down too; what matters is that it went down unplanned while a restart was under way.</summary>
    public IReadOnlyCollection<string> Explains { get; } = [MySqlDownRule.AlertName, MySqlNoHealthyStandbyRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(MySqlClusterObservation m)
    {
        foreach (var c in UnplannedRestarts.DuringOthersPermits(m.UnplannedChanges))
        {
            yield return new AlertCandidate(AlertName, Severity.Warning, m.Cluster,
                $"MySQL instance {c.Member} of {m.Cluster.Name} {(c.Restart ? "restarted" : "went down")} at {c.At:HH:mm:ss}Z without a permit "
                + $"while another instance is under one ({c.DuringPermit}); {m.HealthyStandbys.Count} healthy standby(s) now",
                new Dictionary<string, string> { ["member"] = c.Member });
        }
    }
}
