using Mediator;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>Time to assemble every cluster from its latest unit results and run the rules.</summary>
public sealed record EvaluationDue : INotification
{
    public static EvaluationDue Instance { get; } = new();
}
