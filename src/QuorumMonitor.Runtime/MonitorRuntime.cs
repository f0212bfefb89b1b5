using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Core.Telemetry;
using QuorumMonitor.Incidents;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Runtime;

/// <summary>
/// The monitor's state: the latest result of every probe unit and the latest observation of every cluster. Written
/// only by pipeline handlers (one dispatcher); read by the status API at any time.
/// A reload changes the cluster set on the dispatcher too (<see cref="AddCluster"/>, <see cref="Retire"/>): indexes are
/// never reused, a removed or replaced cluster's index stays retired, so a result still in flight for it is recognised
/// and dropped. The per-cluster arrays grow by copy, swapped whole, so readers on other threads see either set.
/// </summary>
public sealed class MonitorRuntime
{
    private IClusterMonitor[] _clusters;
    private ProbeResult?[][] _latest;
    private ClusterObservation?[] _observations;

    // Written and read only by the pipeline's dispatcher: which units reported since their cluster's last evaluation.
    private bool[][] _fresh;

    // Also the dispatcher's alone: a unit's outcome changed since the cluster's last evaluation (collecting), and did in
    // the round that evaluation consumed (last round).
    private bool[] _outcomeChanged;
    private bool[] _lastRoundChanged;
    private DateTimeOffset[] _evaluatedAt;

    // Per cluster: cancelled when a reload retires it, which ends its probe loops.
    private CancellationTokenSource[] _stopping;
    private readonly Dictionary<ClusterRef, TimeSpan> _roundDurations = [];
    private readonly Lock _roundLock = new();
    private readonly ProbeUnitRunner _runner;
    private readonly RuleEvaluator _rules;
    private readonly IncidentTracker _incidents;
    private readonly MonitorTrust _trust;
    private long _evaluatedAtTicks;
    private long _evaluations;

    public MonitorRuntime(IEnumerable<IClusterMonitor> clusters, RuleEvaluator rules, IncidentTracker incidents, TimeProvider time, MonitorTrust? trust = null)
    {
        _trust = trust ?? new MonitorTrust();
        _clusters = [.. clusters];
        _latest = _clusters.Select(c => new ProbeResult?[c.Units.Count]).ToArray();
        _observations = new ClusterObservation?[_clusters.Length];
        _fresh = _clusters.Select(c => new bool[c.Units.Count]).ToArray();
        _outcomeChanged = new bool[_clusters.Length];
        _lastRoundChanged = new bool[_clusters.Length];
        _evaluatedAt = new DateTimeOffset[_clusters.Length];
        _stopping = [.. _clusters.Select(_ => new CancellationTokenSource())];
        _runner = new ProbeUnitRunner(time);
        _rules = rules;
        _incidents = incidents;
        Time = time;
    }

    /// <summary>Every cluster by index, retired ones included (<see cref="IsRetired"/>).</summary>
    public IReadOnlyList<IClusterMonitor> Clusters => Volatile.Read(ref _clusters);

    /// <summary>Raised on the dispatcher when a reload added a cluster (its index): the scheduler starts its loops.</summary>
    public event Action<int>? ClusterAdded;

    /// <summary>A reload removed the cluster, or replaced it with a changed one at a new index.</summary>
    public bool IsRetired(int cluster) => Volatile.Read(ref _stopping)[cluster].IsCancellationRequested;

    /// <summary>Cancelled when the cluster is retired.</summary>
    public CancellationToken Stopping(int cluster) => Volatile.Read(ref _stopping)[cluster].Token;

    /// <summary>
    /// Adds a cluster at the next index (dispatcher only). <paramref name="carried"/>, when given, is the index of the
    /// cluster it replaces: its latest results (by unit id) and observation carry over, so status shows it without a gap
    /// and its first round may evaluate with what is already known.
    /// </summary>
    public int AddCluster(IClusterMonitor monitor, int? carried = null)
    {
        var index = _clusters.Length;
        var latest = new ProbeResult?[monitor.Units.Count];
        ClusterObservation? observation = null;
        if (carried is { } from)
        {
            var old = _clusters[from];
            for (var u = 0; u < latest.Length; u++)
            {
                for (var o = 0; o < old.Units.Count; o++)
                {
                    if (old.Units[o].Id == monitor.Units[u].Id)
                    {
                        latest[u] = Volatile.Read(ref _latest[from][o]);
                    }
                }
            }

            observation = Volatile.Read(ref _observations[from]);
        }

        _latest = [.. _latest, latest];
        _fresh = [.. _fresh, new bool[monitor.Units.Count]];
        _outcomeChanged = [.. _outcomeChanged, false];
        _lastRoundChanged = [.. _lastRoundChanged, false];
        _evaluatedAt = [.. _evaluatedAt, Time.GetUtcNow()];
        Volatile.Write(ref _observations, [.. _observations, observation]);
        Volatile.Write(ref _stopping, [.. _stopping, new CancellationTokenSource()]);
        Volatile.Write(ref _clusters, [.. _clusters, monitor]);
        ClusterAdded?.Invoke(index);
        return index;
    }

    /// <summary>Stops the cluster's probe loops and takes it out of the status (dispatcher only).</summary>
    public void Retire(int cluster)
    {
        _stopping[cluster].Cancel();
        Volatile.Write(ref _observations[cluster], null);
        Array.Clear(_fresh[cluster]);
        lock (_roundLock)
        {
            _roundDurations.Remove(_clusters[cluster].Cluster);
        }
    }

    /// <summary>The index of each cluster that is not retired, by its ref.</summary>
    public IReadOnlyDictionary<ClusterRef, int> ActiveClusters()
    {
        var clusters = Volatile.Read(ref _clusters);
        var active = new Dictionary<ClusterRef, int>();
        for (var c = 0; c < clusters.Length; c++)
        {
            if (!IsRetired(c))
            {
                active[clusters[c].Cluster] = c;
            }
        }

        return active;
    }

    public TimeProvider Time { get; }

    /// <summary>When a cluster was last evaluated; null before the first evaluation.</summary>
    public DateTimeOffset? LastEvaluatedAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _evaluatedAtTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public long Evaluations => Interlocked.Read(ref _evaluations);

    /// <summary>Probes one unit under its deadline, traced. Recording the result is the pipeline's job.</summary>
    public async Task<ProbeResult> ProbeUnitAsync(int cluster, int unit, CancellationToken cancellationToken)
    {
        var monitor = Volatile.Read(ref _clusters)[cluster];
        var c = monitor.Cluster;
        var probe = monitor.Units[unit];
        using var activity = MonitorActivitySources.Probes.StartActivity("probe");
        activity?.SetTag("monitor.kind", c.Kind);
        activity?.SetTag("monitor.cluster", c.Name);
        activity?.SetTag("monitor.unit", probe.Id);
        var result = await _runner.RunAsync(probe, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("monitor.outcome", result.Outcome);
        MonitorMeter.ProbeDuration.Record(result.Duration.TotalSeconds,
            new("kind", c.Kind), new("cluster", c.Name), new("outcome", result.Outcome));
        return result;
    }

    public void Record(int cluster, int unit, ProbeResult result)
    {
        if (Volatile.Read(ref _latest[cluster][unit]) is { } previous && previous.Outcome != result.Outcome)
        {
            _outcomeChanged[cluster] = true;
        }

        Volatile.Write(ref _latest[cluster][unit], result);
        _fresh[cluster][unit] = true;
    }

    /// <summary>A unit's outcome (serving → refused, ok → hung...) changed in the round the cluster's last evaluation consumed.</summary>
    public bool LastRoundChangedState(int cluster) => _lastRoundChanged[cluster];

    /// <summary>Every unit of the cluster reported since its last evaluation.</summary>
    public bool IsRoundComplete(int cluster) => Array.TrueForAll(_fresh[cluster], f => f);

    public bool HasUnevaluatedResults(int cluster) => Array.Exists(_fresh[cluster], f => f);

    /// <summary>How long the cluster's last round took, from its first probe's start to its evaluation.</summary>
    public TimeSpan? RoundDuration(ClusterRef cluster)
    {
        lock (_roundLock)
        {
            return _roundDurations.TryGetValue(cluster, out var d) ? d : null;
        }
    }

    public TimeSpan SinceEvaluation(int cluster) => Time.GetUtcNow() - _evaluatedAt[cluster];

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

    public ClusterObservation Assemble(int cluster)
    {
        var results = new ProbeResult?[_latest[cluster].Length];
        for (var u = 0; u < results.Length; u++)
        {
            results[u] = Volatile.Read(ref _latest[cluster][u]);
        }

        return _clusters[cluster].Assemble(results, Time.GetUtcNow());
    }

    public void SetObservation(int cluster, ClusterObservation observation)
    {
        var roundStart = DateTimeOffset.MaxValue;
        for (var u = 0; u < _fresh[cluster].Length; u++)
        {
            if (_fresh[cluster][u] && Volatile.Read(ref _latest[cluster][u]) is { } r && r.At < roundStart)
            {
                roundStart = r.At;
            }
        }

        if (roundStart != DateTimeOffset.MaxValue)
        {
            lock (_roundLock)
            {
                _roundDurations[_clusters[cluster].Cluster] = Time.GetUtcNow() - roundStart;
            }
        }

        Volatile.Write(ref _observations[cluster], observation);
        Array.Clear(_fresh[cluster]);
        _lastRoundChanged[cluster] = _outcomeChanged[cluster];
        _outcomeChanged[cluster] = false;
        _evaluatedAt[cluster] = Time.GetUtcNow();
        Interlocked.Exchange(ref _evaluatedAtTicks, Time.GetUtcNow().UtcTicks);
        Interlocked.Increment(ref _evaluations);
    }

    private static ClusterReport Suspected(ClusterReport r, string why) => new()
    {
        Kind = r.Kind,
        Name = r.Name,
        State = r.State,
        Members = r.Members,
        Details = r.Details,
        Suspect = why,
    };

    public StatusReport Report()
    {
        var observations = Volatile.Read(ref _observations);
        var alerts = _rules.Alerts().Select(_incidents.Annotate).ToList();
        var now = Time.GetUtcNow();
        var distrust = _trust.Distrust(now);
        return new StatusReport
        {
            Status = StatusReport.StatusOf(alerts),
            GeneratedAt = now,
            Clusters = Enumerable.Range(0, observations.Length)
                .Select(i => Volatile.Read(ref observations[i]))
                .OfType<ClusterObservation>()
                .Select(o => o.ToReport())
                .Select(r => distrust is null || r.Kind == ClusterKinds.Monitor || r.State == "ok" ? r : Suspected(r, distrust))
                .ToList(),
            Alerts = alerts,
            Incidents = _incidents.Incidents(),
        };
    }
}
