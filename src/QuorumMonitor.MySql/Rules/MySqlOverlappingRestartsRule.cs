using System.Globalization;
using QuorumMonitor.Core.Model;
using QuorumMonitor.MySql.Model;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Rules.Restarts;

namespace QuorumMonitor.MySql.Rules;

/// <summary>
/// Warning: two or more instances went down or restarted without permits within <c>correlation.commonCauseWindow</c>
/// while the primary kept answering: the near miss before losing the primary with no standby. A primary down is
/// <c>MySqlDown</c>'s page instead.
/// </summary>
public sealed class MySqlOverlappingRestartsRule : Rule<MySqlClusterObservation>, IRule
{
    public const string AlertName = UnplannedRestarts.OverlappingAlert;

    public override string Name => AlertName;

    /// <summary>The instances down are part of the overlap; the overlap is what to act on.</summary>
    public IReadOnlyCollection<string> Explains { get; } =
        [MySqlDownRule.AlertName, MySqlNoHealthyStandbyRule.AlertName, MySqlRestartWithoutPermitRule.AlertName];

    protected override IEnumerable<AlertCandidate> Evaluate(MySqlClusterObservation m)
    {
        if (m.Primary is not { IsAnswering: true } || UnplannedRestarts.Overlap(m.UnplannedChanges) is not { } o)
        {
            yield break;
        }

        yield return new AlertCandidate(AlertName, Severity.Warning, m.Cluster,
            string.Create(CultureInfo.InvariantCulture,
                $"{o.Members.Count} of {m.Instances.Count} instances of MySQL cluster {m.Cluster.Name} {o.What} without permits within {o.SpanSeconds:0.#} s ({string.Join(", ", o.Members)}); "
                + $"the primary answers, {m.HealthyStandbys.Count} healthy standby(s) now. Serialise restarts with `monitor permit acquire`."));
    }
}
