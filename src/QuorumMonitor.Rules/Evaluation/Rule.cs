using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Rules.Evaluation;

/// <summary>A rule over one kind of observation; other observations are ignored.</summary>
public abstract class Rule<TObservation> : IRule where TObservation : ClusterObservation
{
    public abstract string Name { get; }

    public IEnumerable<AlertCandidate> Evaluate(ClusterObservation observation) =>
        observation is TObservation typed ? Evaluate(typed) : [];

    protected abstract IEnumerable<AlertCandidate> Evaluate(TObservation observation);
}
