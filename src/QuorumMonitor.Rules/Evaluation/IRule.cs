using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Rules.Evaluation;

/// <summary>Turns one cluster observation into the alert conditions that hold now. Rules are stateless.</summary>
public interface IRule
{
    string Name { get; }

    IEnumerable<AlertCandidate> Evaluate(ClusterObservation observation);

    /// <summary>
    /// Alerts (by name) that this rule's alert explains when both fire on the same cluster: the incident tracker never
    /// makes an explained alert the root cause over its explanation, whichever confirmed first.
    /// </summary>
    IReadOnlyCollection<string> Explains => [];
}
