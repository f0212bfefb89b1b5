using QuorumMonitor.Runtime.Confirmation;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>After the rules: a cluster whose units changed state and that has an alert still short of its rounds is
/// probed again soon (<see cref="FastConfirmation"/>).</summary>
public sealed class RequestConfirmationHandler(RuleEvaluator rules, FastConfirmation confirmation)
{
    public ValueTask Handle(ClusterEvaluated notification, CancellationToken cancellationToken)
    {
        if (confirmation.Enabled)
        {
            confirmation.Evaluated(notification.Observation.Cluster, rules.AwaitsConfirmation(notification.Observation.Cluster));
        }

        return ValueTask.CompletedTask;
    }
}
