using Mediator;
using QuorumMonitor.Core.Telemetry;
using QuorumMonitor.Runtime.Pipeline;

namespace QuorumMonitor.Runtime;

/// <summary>Drives probes into the pipeline: whole rounds for <c>monitor check</c>.</summary>
public sealed class MonitorPipeline(MonitorRuntime runtime, IPublisher publisher)
{
    public MonitorRuntime Runtime => runtime;

    /// <summary>Every unit of every cluster at once (each under its own deadline), then one evaluation.</summary>
    public async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        using var activity = MonitorActivitySources.Probes.StartActivity("round");
        var probes = new List<Task<ProbeResultObserved>>();
        for (var c = 0; c < runtime.Clusters.Count; c++)
        {
            for (var u = 0; u < runtime.Clusters[c].Units.Count; u++)
            {
                probes.Add(ProbeAsync(c, u, cancellationToken));
            }
        }

        foreach (var observed in await Task.WhenAll(probes).ConfigureAwait(false))
        {
            await publisher.Publish(observed, cancellationToken).ConfigureAwait(false);
        }

        await publisher.Publish(EvaluationDue.Instance, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProbeResultObserved> ProbeAsync(int cluster, int unit, CancellationToken cancellationToken) =>
        new(cluster, unit, await runtime.ProbeUnitAsync(cluster, unit, cancellationToken).ConfigureAwait(false));
}
