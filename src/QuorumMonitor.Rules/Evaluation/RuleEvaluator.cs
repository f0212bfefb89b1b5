using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Rules.Evaluation;

/// <summary>
/// Evaluates every rule against each new cluster observation and keeps one <see cref="AlertTracker"/> per alert.
/// A rule that throws costs only its own verdict: the failure becomes a warning, the other rules still run.
/// </summary>
public sealed class RuleEvaluator(IEnumerable<IRule> rules, AlertTiming timing, TimeProvider time)
{
    /// <summary>How long a resolved alert stays visible in status output.</summary>
    public static readonly TimeSpan ResolvedRetention = TimeSpan.FromMinutes(15);

    public const string RuleFailedAlert = "MonitorRuleFailed";

    private static readonly IReadOnlyList<AlertTransition> NoTransitions = [];

    private readonly IReadOnlyList<IRule> _rules = rules.ToList();

    // Per cluster, so evaluating one cluster never walks another's alerts: this runs for every cluster every round.
    private readonly Dictionary<ClusterRef, Dictionary<string, AlertTracker>> _trackers = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<AlertTransition> Evaluate(ClusterObservation observation)
    {
        var now = time.GetUtcNow();
        Dictionary<string, AlertCandidate>? active = null;
        foreach (var rule in _rules)
        {
            try
            {
                foreach (var candidate in rule.Evaluate(observation))
                {
                    (active ??= new(StringComparer.Ordinal))[candidate.Fingerprint] = candidate;
                }
            }
            catch (Exception ex)
            {
                var failed = new AlertCandidate(RuleFailedAlert, Severity.Warning, observation.Cluster,
                    $"rule {rule.Name} failed on {observation.Cluster}: {ex.Message}",
                    new Dictionary<string, string> { ["rule"] = rule.Name });
                (active ??= new(StringComparer.Ordinal))[failed.Fingerprint] = failed;
            }
        }

        lock (_lock)
        {
            _trackers.TryGetValue(observation.Cluster, out var trackers);
            if (active is null && (trackers is null || trackers.Count == 0))
            {
                return NoTransitions;
            }

            if (trackers is null)
            {
                trackers = new Dictionary<string, AlertTracker>(StringComparer.Ordinal);
                _trackers[observation.Cluster] = trackers;
            }

            var transitions = new List<AlertTransition>();
            if (active is not null)
            {
                foreach (var (fingerprint, candidate) in active)
                {
                    if (!trackers.TryGetValue(fingerprint, out var tracker))
                    {
                        tracker = new AlertTracker(candidate, timing);
                        trackers[fingerprint] = tracker;
                    }

                    Record(tracker, tracker.Observe(candidate, now), now, transitions);
                }
            }

            List<string>? forget = null;
            foreach (var (fingerprint, tracker) in trackers)
            {
                if (active is not null && active.ContainsKey(fingerprint))
                {
                    continue;
                }

                Record(tracker, tracker.Observe(null, now), now, transitions);
                if (tracker.State == AlertState.Inactive
                    || (tracker.State == AlertState.Resolved && now - tracker.ResolvedAt > ResolvedRetention))
                {
                    (forget ??= []).Add(fingerprint);
                }
            }

            forget?.ForEach(f => trackers.Remove(f));
            return transitions;
        }
    }

    /// <summary>
    /// A reload removed <paramref name="cluster"/>: its alerts end without a transition (no resolve page: the incident
    /// tracker closes their incidents with a note saying why).
    /// </summary>
    public void Forget(ClusterRef cluster)
    {
        lock (_lock)
        {
            _trackers.Remove(cluster);
        }
    }

    /// <summary>Whether an alert of <paramref name="cluster"/> waits for more rounds to confirm it or to resolve it.</summary>
    public bool AwaitsConfirmation(ClusterRef cluster)
    {
        lock (_lock)
        {
            return _trackers.TryGetValue(cluster, out var trackers) && trackers.Values.Any(t => t.AwaitsConfirmation);
        }
    }

    /// <summary>Pending, firing and recently resolved alerts, most severe first.</summary>
    public IReadOnlyList<AlertReport> Alerts()
    {
        lock (_lock)
        {
            return _trackers.Values
                .SelectMany(t => t.Values)
                .Where(t => t.State != AlertState.Inactive)
                .Select(t => t.ToReport())
                .OrderBy(a => a.State switch { AlertState.Firing => 0, AlertState.Pending => 1, _ => 2 })
                .ThenByDescending(a => a.Severity)
                .ThenBy(a => a.Cluster, StringComparer.Ordinal)
                .ThenBy(a => a.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    private static void Record(AlertTracker tracker, AlertState? from, DateTimeOffset now, List<AlertTransition> transitions)
    {
        if (from is { } f)
        {
            transitions.Add(new AlertTransition(tracker.ToReport(), f, tracker.State, now));
        }
    }
}
