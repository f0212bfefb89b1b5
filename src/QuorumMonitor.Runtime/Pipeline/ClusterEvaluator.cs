using Mediator;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Telemetry;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Runtime.Pipeline;

/// <summary>Assembles one cluster from its units' latest results, runs the rules, and publishes the outcome.</summary>
public sealed class ClusterEvaluator(MonitorRuntime runtime, RuleEvaluator rules, IPublisher publisher)
{
    public async ValueTask EvaluateAsync(int cluster, CancellationToken cancellationToken)
    {
        using var activity = MonitorActivitySources.Rules.StartActivity("evaluate");
        var observation = runtime.Assemble(cluster);
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
