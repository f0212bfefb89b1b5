using Mediator;
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

            var observation = runtime.Assemble(c);
            var transitions = rules.Evaluate(observation);
            runtime.SetObservation(c, observation);
            await publisher.Publish(new ClusterEvaluated(observation, transitions), cancellationToken).ConfigureAwait(false);
        }

        incidents.Tick();
    }
}
