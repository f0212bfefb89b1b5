using QuorumMonitor.Core.Kinds;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Incidents;
using QuorumMonitor.Runtime;
using QuorumMonitor.Rules.Evaluation;
using Prometheus;

namespace QuorumMonitor.Host;

/// <summary>
/// The monitor's Prometheus metrics, in a registry of its own (no process-wide state). Names and labels are a public
/// interface (dashboards and alert rules query them): change them only deliberately, with the test that pins them.
/// Label values come from config (cluster, member) or small fixed sets (kind, state, role, severity).
/// </summary>
public sealed class MonitorMetrics : IMonitorListener
{
    public const string Prefix = "quorum_monitor_";

    private readonly Histogram _probeDuration;
    private readonly Counter _probes;
    private readonly Gauge _memberUp;
    private readonly Gauge _memberState;
    private readonly Gauge _clusterState;
    private readonly Gauge _alerts;
    private readonly Counter _evaluations;
    private readonly Gauge _lastEvaluation;
    private readonly IReadOnlyList<IClusterMetrics> _kinds;
    private readonly RuleEvaluator _rules;
    private readonly IncidentTracker _incidentTracker;
    private readonly MonitorRuntime _runtime;
    private readonly Gauge _incidents;
    private readonly Histogram _roundDuration;
    private readonly Dictionary<string, string> _lastClusterState = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastMemberState = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public MonitorMetrics(CollectorRegistry registry, RuleEvaluator rules, IncidentTracker incidents, MonitorRuntime runtime, IEnumerable<IClusterMetrics> kinds)
    {
        _rules = rules;
        _incidentTracker = incidents;
        _runtime = runtime;
        Registry = registry;
        var f = Metrics.WithCustomRegistry(Registry);
        _probeDuration = f.CreateHistogram(Prefix + "probe_duration_seconds", "Duration of one probe of one unit (member, instance).",
            ["kind", "cluster", "member"], new HistogramConfiguration { Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _probes = f.CreateCounter(Prefix + "probes_total", "Probes run, by the state they found.", ["kind", "cluster", "member", "state"]);
        _memberUp = f.CreateGauge(Prefix + "member_up", "1 when the member serves clients, else 0.", ["kind", "cluster", "member"]);
        _memberState = f.CreateGauge(Prefix + "member_state", "1 for the member's current state (serving, not-serving, refused, timeout, error).", ["kind", "cluster", "member", "state"]);
        _clusterState = f.CreateGauge(Prefix + "cluster_state", "1 for the cluster's current state (ok, degraded, no-quorum).", ["kind", "cluster", "state"]);
        _alerts = f.CreateGauge(Prefix + "alerts", "Alerts by severity and state.", ["severity", "state"]);
        _incidents = f.CreateGauge(Prefix + "incidents", "Incidents by severity and state (open, or resolved and still shown).", ["severity", "state"]);
        _roundDuration = f.CreateHistogram(Prefix + "round_duration_seconds",
            "From the start of a cluster's first probe in a round to its evaluation: the time the monitor needs to see the cluster whole.",
            ["kind", "cluster"], new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
        _evaluations = f.CreateCounter(Prefix + "evaluations_total", "Cluster evaluations (rules runs).", ["kind", "cluster"]);
        _lastEvaluation = f.CreateGauge(Prefix + "last_evaluation_timestamp_seconds", "Unix time of the last evaluation of the cluster.", ["kind", "cluster"]);
        // Each kind's own series, made after the shared families so that a kind reusing one (member_up) gets the same.
        _kinds = [.. kinds];

        // Totals over every cluster are counted when scraped, not on every evaluation: at thousands of clusters, a walk of
        // all alerts and incidents per evaluation made the dispatcher quadratic and the monitor miss its own schedule.
        registry.AddBeforeCollectCallback(CountAlertsAndIncidents);
    }

    public CollectorRegistry Registry { get; }

    public void OnProbed(ClusterRef cluster, IProbeUnit unit, ProbeResult result)
    {
        _probeDuration.WithLabels(cluster.Kind, cluster.Name, unit.Id).Observe(result.Duration.TotalSeconds);
        _probes.WithLabels(cluster.Kind, cluster.Name, unit.Id, result.Outcome).Inc();
    }

    public void OnEvaluated(ClusterObservation observation, IReadOnlyList<AlertTransition> transitions)
    {
        var c = observation.Cluster;
        var report = observation.ToReport();
        lock (_lock)
        {
            SetOneOf(_clusterState, _lastClusterState, $"{c.Kind}|{c.Name}", [c.Kind, c.Name], report.State);
            foreach (var member in report.Members)
            {
                _memberUp.WithLabels(c.Kind, c.Name, member.Address).Set(member.State == "serving" ? 1 : 0);
                SetOneOf(_memberState, _lastMemberState, $"{c.Kind}|{c.Name}|{member.Address}", [c.Kind, c.Name, member.Address], member.State);
            }

            foreach (var kind in _kinds)
            {
                kind.Update(observation);
            }

            if (_runtime.RoundDuration(c) is { } round)
            {
                _roundDuration.WithLabels(c.Kind, c.Name).Observe(round.TotalSeconds);
            }

            _evaluations.WithLabels(c.Kind, c.Name).Inc();
            _lastEvaluation.WithLabels(c.Kind, c.Name).Set(observation.At.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    public void OnClusterRemoved(ClusterRef cluster)
    {
        lock (_lock)
        {
            foreach (var collector in new Collector[] { _probeDuration, _probes, _memberUp, _memberState, _clusterState, _roundDuration, _evaluations, _lastEvaluation })
            {
                DropCluster(collector, cluster);
            }

            var prefix = $"{cluster.Kind}|{cluster.Name}";
            _lastClusterState.Remove(prefix);
            foreach (var key in _lastMemberState.Keys.Where(k => k.StartsWith(prefix + "|", StringComparison.Ordinal)).ToList())
            {
                _lastMemberState.Remove(key);
            }

            foreach (var kind in _kinds)
            {
                kind.Forget(cluster);
            }
        }
    }

    /// <summary>Removes the series of <paramref name="collector"/> (labels kind, cluster, ...) that belong to <paramref name="cluster"/>.</summary>
    private static void DropCluster(Collector collector, ClusterRef cluster)
    {
        switch (collector)
        {
            case Gauge g:
                foreach (var labels in g.GetAllLabelValues().Where(l => l[0] == cluster.Kind && l[1] == cluster.Name).ToList())
                {
                    g.RemoveLabelled(labels);
                }

                break;
            case Counter c:
                foreach (var labels in c.GetAllLabelValues().Where(l => l[0] == cluster.Kind && l[1] == cluster.Name).ToList())
                {
                    c.RemoveLabelled(labels);
                }

                break;
            case Histogram h:
                foreach (var labels in h.GetAllLabelValues().Where(l => l[0] == cluster.Kind && l[1] == cluster.Name).ToList())
                {
                    h.RemoveLabelled(labels);
                }

                break;
        }
    }

    private void CountAlertsAndIncidents()
    {
        var alerts = _rules.Alerts();
        var incidents = _incidentTracker.Incidents();
        foreach (var severity in Enum.GetValues<Severity>())
        {
            foreach (var state in new[] { AlertState.Pending, AlertState.Firing })
            {
                _alerts.WithLabels(Names.Kebab(severity), Names.Kebab(state)).Set(alerts.Count(a => a.Severity == severity && a.State == state));
            }

            foreach (var state in Enum.GetValues<IncidentState>())
            {
                _incidents.WithLabels(Names.Kebab(severity), Names.Kebab(state)).Set(incidents.Count(i => i.Severity == severity && i.State == state));
            }
        }
    }

    /// <summary>Enum-style gauge: the current state's series is 1, the previous state's series is set back to 0.</summary>
    private static void SetOneOf(Gauge gauge, Dictionary<string, string> last, string key, string[] labels, string state)
    {
        if (last.TryGetValue(key, out var previous) && previous != state)
        {
            gauge.WithLabels([.. labels, previous]).Set(0);
        }

        gauge.WithLabels([.. labels, state]).Set(1);
        last[key] = state;
    }
}
