using Mediator;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Telemetry;
using QuorumMonitor.Incidents;
using QuorumMonitor.Rules.Evaluation;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>
/// Assembles one cluster from its units' latest results, tells it which members are under a restart permit and which
/// failed or restarted without one (the common-cause detector sees the observation first), runs the rules, and
/// publishes the outcome.
/// </summary>
public sealed class ClusterEvaluator(MonitorRuntime runtime, RuleEvaluator rules, IPublisher publisher, CommonCauseDetector commonCause, IPlannedRestarts planned)
{
    public async ValueTask EvaluateAsync(int cluster, CancellationToken cancellationToken)
    {
        using var activity = MonitorActivitySources.Rules.StartActivity("evaluate");
        var assembled = runtime.Assemble(cluster);
        var restarts = planned.For(assembled.Cluster.Name);
        commonCause.Observe(assembled.Cluster, assembled.MemberStatuses(), assembled.At, restarts);
        var observation = assembled with { PlannedRestarts = restarts, UnplannedChanges = commonCause.Unplanned(assembled.Cluster, assembled.At) };
        var transitions = rules.Evaluate(observation);
        if (activity is not null)
        {
            activity.SetTag("monitor.kind", observation.Cluster.Kind);
            activity.SetTag("monitor.cluster", observation.Cluster.Name);
            activity.SetTag("monitor.transitions", transitions.Count);
        }

        foreach (var t in transitions)
        {
            MonitorMeter.AlertTransitions.Add(1, new("alert", t.Alert.Name), new("state", Names.Kebab(t.To)));
        }

        runtime.SetObservation(cluster, observation);
        await publisher.Publish(new ClusterEvaluated(observation, transitions), cancellationToken).ConfigureAwait(false);
    }
}
