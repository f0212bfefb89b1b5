using Monitor.Core.Probing;

namespace Monitor.Rules.Engine;

/// <summary>Turns one cluster observation into the alert conditions that hold now. Rules are stateless.</summary>
public interface IRule
{
    string Name { get; }

    IEnumerable<AlertCandidate> Evaluate(ClusterObservation observation);
}
