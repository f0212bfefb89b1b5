using Mediator;
using Monitor.Core.Telemetry;
using Monitor.Correlation;
using Monitor.Rules.Engine;

namespace Monitor.Engine.Pipeline;

/// <summary>Assembles each cluster whose units have all reported, runs the rules, and publishes the outcome.</summary>
public sealed class EvaluateClustersHandler(MonitorRuntime runtime, RuleEngine rules, IncidentEngine incidents, IPublisher publisher)
    : INotificationHandler<EvaluationDue>
{
    public async ValueTask Handle(EvaluationDue notification, CancellationToken cancellationToken)
    {
        for (var c = 0; c < runtime.Clusters.Count; c++)
        {
            if (!runtime.HasResultForEveryUnit(c))
            {
                continue;
            }

            using var activity = MonitorActivitySources.Rules.StartActivity("evaluate");
            var observation = runtime.Assemble(c);
            var transitions = rules.Evaluate(observation);
            if (activity is not null)
            {
                activity.SetTag("monitor.kind", observation.Cluster.Kind);
                activity.SetTag("monitor.cluster", observation.Cluster.Name);
                activity.SetTag("monitor.transitions", transitions.Count);
            }

            foreach (var t in transitions)
            {
                MonitorMeter.AlertTransitions.Add(1, new("alert", t.Alert.Name), new("state", Monitor.Core.Model.Names.Kebab(t.To)));
            }

            runtime.SetObservation(c, observation);
            await publisher.Publish(new ClusterEvaluated(observation, transitions), cancellationToken).ConfigureAwait(false);
        }

        incidents.Tick();
    }
}
