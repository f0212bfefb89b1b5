using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Rules.Restarts;

/// <summary>
/// Warning per member that went down or restarted without a permit while another member was under one: something
/// restarts members behind the permits' back. Raised for <c>correlation.commonCauseWindow</c> after the change. Each
/// kind says it in its own words (<see cref="Summary"/>) and names what it explains.
/// </summary>
public abstract class RestartWithoutPermitRuleBase<T> : Rule<T>, IRule
    where T : ClusterObservation
{
    public override string Name => UnplannedRestarts.WithoutPermitAlert;

    public abstract IReadOnlyCollection<string> Explains { get; }

    protected abstract string Summary(T observation, MemberChange change);

    protected override IEnumerable<AlertCandidate> Evaluate(T observation)
    {
        foreach (var c in UnplannedRestarts.DuringOthersPermits(observation.UnplannedChanges))
        {
            yield return new AlertCandidate(Name, Severity.Warning, observation.Cluster, Summary(observation, c),
                new Dictionary<string, string> { ["member"] = c.Member });
        }
    }
}
