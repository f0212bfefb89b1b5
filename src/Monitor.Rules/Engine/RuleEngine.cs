using Monitor.Core.Model;
using Monitor.Core.Probing;

namespace Monitor.Rules.Engine;

/// <summary>
/// Evaluates every rule against each new cluster observation and keeps one <see cref="AlertTracker"/> per alert.
/// A rule that throws costs only its own verdict: the failure becomes a warning, the other rules still run.
/// </summary>
public sealed class RuleEngine(IEnumerable<IRule> rules, AlertTiming timing, TimeProvider time)
{
    /// <summary>How long a resolved alert stays visible in status output.</summary>
    public static readonly TimeSpan ResolvedRetention = TimeSpan.FromMinutes(15);

    public const string RuleFailedAlert = "MonitorRuleFailed";

    private readonly IReadOnlyList<IRule> _rules = rules.ToList();
    private readonly Dictionary<string, AlertTracker> _trackers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyList<AlertTransition> Evaluate(ClusterObservation observation)
    {
        var now = time.GetUtcNow();
        var active = new Dictionary<string, AlertCandidate>(StringComparer.Ordinal);
        foreach (var rule in _rules)
        {
            try
            {
                foreach (var candidate in rule.Evaluate(observation))
                {
                    active[candidate.Fingerprint] = candidate;
                }
            }
            catch (Exception ex)
            {
                var failed = new AlertCandidate(RuleFailedAlert, Severity.Warning, observation.Cluster,
                    $"rule {rule.Name} failed on {observation.Cluster}: {ex.Message}",
                    new Dictionary<string, string> { ["rule"] = rule.Name });
                active[failed.Fingerprint] = failed;
            }
        }

        var transitions = new List<AlertTransition>();
        lock (_lock)
        {
            foreach (var (fingerprint, candidate) in active)
            {
                if (!_trackers.TryGetValue(fingerprint, out var tracker))
                {
                    tracker = new AlertTracker(candidate, timing);
                    _trackers[fingerprint] = tracker;
                }

                Record(tracker, tracker.Observe(candidate, now), now, transitions);
            }

            foreach (var (fingerprint, tracker) in _trackers.ToList())
            {
                if (tracker.Candidate.Cluster != observation.Cluster || active.ContainsKey(fingerprint))
                {
                    continue;
                }

                Record(tracker, tracker.Observe(null, now), now, transitions);
                if (tracker.State == AlertState.Inactive
                    || (tracker.State == AlertState.Resolved && now - tracker.ResolvedAt > ResolvedRetention))
                {
                    _trackers.Remove(fingerprint);
                }
            }
        }

        return transitions;
    }

    /// <summary>Pending, firing and recently resolved alerts, most severe first.</summary>
    public IReadOnlyList<AlertReport> Alerts()
    {
        lock (_lock)
        {
            return _trackers.Values
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
