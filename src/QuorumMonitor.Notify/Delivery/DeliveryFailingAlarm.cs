using QuorumMonitor.Core.Model;
using QuorumMonitor.Notify.Routing;

namespace QuorumMonitor.Notify.Delivery;

/// <summary>
/// Raises, updates and resolves <c>AlertDeliveryFailing</c> from the channels' health. Whether it fires is kept in
/// memory (loaded from the state file at start-up), so the status API never reads the file to answer.
/// </summary>
public sealed class DeliveryFailingAlarm(Router router, IncidentReport? firingAtStart)
{
    public const string Alert = "AlertDeliveryFailing";
    public const string Key = "quorum-monitor-alert-delivery-failing";
    public const string MonitorKind = "monitor";
    public const string MonitorCluster = "quorum-monitor";

    private readonly Lock _lock = new();
    private IncidentReport? _firing = firingAtStart is { State: IncidentState.Open } ? firingAtStart : null;
    private string _failingChannels = "";

    /// <summary>The alarm's incident while it fires.</summary>
    public IncidentReport? Firing
    {
        get
        {
            lock (_lock)
            {
                return _firing;
            }
        }
    }

    /// <returns>The change to deliver (and where), or null when nothing changed.</returns>
    public (IncidentChange Change, IReadOnlyList<string> Targets)? Evaluate(IReadOnlyList<ChannelDeliveryReport> channels, DateTimeOffset now)
    {
        var failing = channels.Where(c => !c.Healthy).ToList();
        var names = string.Join(",", failing.Select(c => c.Name));
        lock (_lock)
        {
            var previous = _failingChannels;
            _failingChannels = names;
            if (failing.Count == 0)
            {
                if (_firing is not { } open)
                {
                    return null;
                }

                _firing = null;
                var resolved = Incident(open.StartedAt, IncidentState.Resolved, "alert delivery works again on every channel", now);
                return (new IncidentChange(IncidentChangeKind.Resolved, resolved, now), []);
            }

            if (_firing is not null && previous == names)
            {
                return null;
            }

            var summary = "Alert delivery failing: " + string.Join("; ", failing.Select(c => $"{c.Name} ({c.Kind}) {c.Reason}"))
                + ". Pages routed there may not reach anyone.";
            var since = _firing?.StartedAt ?? failing.Min(c => c.FailingSince) ?? now;
            var incident = Incident(since, IncidentState.Open, summary, null);
            var healthy = channels.Where(c => c.Healthy && c.Kind != "store").Select(c => c.Name).ToList();
            var fallback = router.Fallback;
            IReadOnlyList<string> targets = fallback is not null && healthy.Contains(fallback) ? [fallback] : healthy;
            var kind = _firing is not null ? IncidentChangeKind.Updated : IncidentChangeKind.Opened;
            _firing = incident;
            return (new IncidentChange(kind, incident, now), targets);
        }
    }

    private static IncidentReport Incident(DateTimeOffset since, IncidentState state, string summary, DateTimeOffset? resolvedAt)
    {
        var alert = new AlertReport
        {
            Name = Alert,
            Severity = Severity.Page,
            State = state == IncidentState.Open ? AlertState.Firing : AlertState.Resolved,
            Kind = MonitorKind,
            Cluster = MonitorCluster,
            Summary = summary,
            ActiveSince = since,
            FiringSince = since,
            ResolvedAt = resolvedAt,
        };
        return new IncidentReport
        {
            Id = Key,
            Severity = Severity.Page,
            State = state,
            Summary = summary,
            RootCause = alert,
            Clusters = [MonitorCluster],
            StartedAt = since,
            ResolvedAt = resolvedAt,
        };
    }
}
