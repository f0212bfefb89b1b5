using Microsoft.Extensions.Logging;
using Monitor.Core.Model;
using Monitor.Core.Probing;
using Monitor.Rules.Engine;

namespace Monitor.Engine;

/// <summary>
/// The monitor's state: the latest result of every probe unit, the latest observation of every cluster and the rule
/// engine. Probing and evaluation are separate steps so that a slow unit delays neither other units nor evaluation.
/// </summary>
public sealed partial class MonitorRuntime
{
    private readonly IReadOnlyList<IClusterMonitor> _clusters;
    private readonly ProbeResult?[][] _latest;
    private readonly ClusterObservation?[] _observations;
    private readonly ProbeUnitRunner _runner;
    private readonly RuleEngine _rules;
    private readonly IReadOnlyList<IMonitorListener> _listeners;
    private readonly TimeProvider _time;
    private readonly ILogger<MonitorRuntime> _log;
    private long _evaluations;

    public MonitorRuntime(
        IEnumerable<IClusterMonitor> clusters,
        RuleEngine rules,
        IEnumerable<IMonitorListener> listeners,
        TimeProvider time,
        ILogger<MonitorRuntime> log)
    {
        _clusters = clusters.ToList();
        _latest = _clusters.Select(c => new ProbeResult?[c.Units.Count]).ToArray();
        _observations = new ClusterObservation?[_clusters.Count];
        _runner = new ProbeUnitRunner(time);
        _rules = rules;
        _listeners = listeners.ToList();
        _time = time;
        _log = log;
    }

    public IReadOnlyList<IClusterMonitor> Clusters => _clusters;

    public TimeProvider Time => _time;

    /// <summary>When the last evaluation finished; null before the first one.</summary>
    public DateTimeOffset? LastEvaluatedAt { get; private set; }

    public long Evaluations => Interlocked.Read(ref _evaluations);

    /// <summary>Probes one unit under its deadline and records the result.</summary>
    public async Task<ProbeResult> ProbeUnitAsync(int cluster, int unit, CancellationToken cancellationToken)
    {
        var monitor = _clusters[cluster];
        var result = await _runner.RunAsync(monitor.Units[unit], cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _latest[cluster][unit], result);
        foreach (var listener in _listeners)
        {
            Notify(() => listener.OnProbed(monitor.Cluster, monitor.Units[unit], result));
        }

        return result;
    }

    public bool HasResultForEveryUnit(int cluster)
    {
        for (var u = 0; u < _latest[cluster].Length; u++)
        {
            if (Volatile.Read(ref _latest[cluster][u]) is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Assembles the cluster from the latest unit results and runs the rules on it.</summary>
    public ClusterObservation EvaluateCluster(int cluster)
    {
        var monitor = _clusters[cluster];
        var results = new ProbeResult?[_latest[cluster].Length];
        for (var u = 0; u < results.Length; u++)
        {
            results[u] = Volatile.Read(ref _latest[cluster][u]);
        }

        var observation = monitor.Assemble(results, _time.GetUtcNow());
        var transitions = _rules.Evaluate(observation);
        Volatile.Write(ref _observations[cluster], observation);
        foreach (var t in transitions)
        {
            LogTransition(t.Alert.Name, t.Alert.Cluster, t.From, t.To, t.Alert.Summary);
        }

        foreach (var listener in _listeners)
        {
            Notify(() => listener.OnEvaluated(observation, transitions));
        }

        LastEvaluatedAt = _time.GetUtcNow();
        Interlocked.Increment(ref _evaluations);
        return observation;
    }

    /// <summary>One full round, as <c>monitor check</c> runs it: every unit of every cluster at once, then evaluation.</summary>
    public async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var probes = new List<Task>();
        for (var c = 0; c < _clusters.Count; c++)
        {
            for (var u = 0; u < _clusters[c].Units.Count; u++)
            {
                probes.Add(ProbeUnitAsync(c, u, cancellationToken));
            }
        }

        await Task.WhenAll(probes).ConfigureAwait(false);
        for (var c = 0; c < _clusters.Count; c++)
        {
            EvaluateCluster(c);
        }
    }

    public StatusReport Report()
    {
        var alerts = _rules.Alerts();
        return new StatusReport
        {
            Status = StatusReport.StatusOf(alerts),
            GeneratedAt = _time.GetUtcNow(),
            Clusters = Enumerable.Range(0, _observations.Length)
                .Select(i => Volatile.Read(ref _observations[i]))
                .OfType<ClusterObservation>()
                .Select(o => o.ToReport())
                .ToList(),
            Alerts = alerts,
        };
    }

    private void Notify(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            LogListenerFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert {Alert} on {Cluster}: {From} -> {To}: {Summary}")]
    private partial void LogTransition(string alert, string cluster, AlertState from, AlertState to, string summary);

    [LoggerMessage(Level = LogLevel.Error, Message = "a monitor listener failed")]
    private partial void LogListenerFailed(Exception ex);
}
