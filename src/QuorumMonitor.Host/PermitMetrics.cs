using Prometheus;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Host;

/// <summary>
/// Restart permits on <c>/metrics</c>: <c>quorum_monitor_permits{cluster,state}</c> (held, and the ended ones the
/// monitor still lists, counted at scrape) and <c>quorum_monitor_permit_requests_total{cluster,outcome}</c> (every
/// grant and refusal). The cluster label is a configured name only: a request naming an unknown cluster counts under
/// <c>cluster=""</c>, so requests cannot mint series.
/// </summary>
public sealed class PermitMetrics
{
    private readonly PermitBroker _broker;
    private readonly Gauge _permits;
    private readonly Counter _requests;

    public PermitMetrics(CollectorRegistry registry, PermitBroker broker)
    {
        _broker = broker;
        var f = Metrics.WithCustomRegistry(registry);
        _permits = f.CreateGauge(MonitorMetrics.Prefix + "permits", "Restart permits by state: held now, or released / expired and still listed.", ["cluster", "state"]);
        _requests = f.CreateCounter(MonitorMetrics.Prefix + "permit_requests_total", "Permit requests by outcome (granted, refused, not-found, invalid).", ["cluster", "outcome"]);
        foreach (var cluster in broker.Clusters)
        {
            foreach (var outcome in Enum.GetValues<PermitOutcome>())
            {
                _requests.WithLabels(cluster, Names.Kebab(outcome));
            }
        }

        registry.AddBeforeCollectCallback(CountPermits);
    }

    public void Decided(PermitRequest request, PermitDecision decision) =>
        _requests.WithLabels(_broker.Clusters.Contains(request.Cluster) ? request.Cluster : "", Names.Kebab(decision.Outcome)).Inc();

    private void CountPermits()
    {
        var permits = _broker.List();
        foreach (var cluster in _broker.Clusters)
        {
            foreach (var state in Enum.GetValues<PermitState>())
            {
                _permits.WithLabels(cluster, Names.Kebab(state)).Set(permits.Count(p => p.Cluster == cluster && p.State == state));
            }
        }
    }
}
