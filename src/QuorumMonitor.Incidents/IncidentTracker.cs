using QuorumMonitor.Core.Model;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Incidents;

/// <summary>
/// Groups firing alerts into incidents: alerts on related topology nodes (same cluster, or one depends on the other)
/// join one incident; its root cause is the upstream-most alert (earliest on ties, then the more severe); the rest are
/// symptoms, shown but never paged on their own. Incidents are announced to <see cref="IIncidentListener"/>s, which
/// page: once when opened, again (same id) when they change, once when resolved.
/// The pipeline calls it from one dispatcher; the lock only guards readers (status API) against it.
/// With an <see cref="IIncidentStore"/>, open and recently resolved incidents (timelines included) survive a restart:
/// every change is handed to the store under the lock, which only queues it; the store writes on its own thread.
/// </summary>
public sealed class IncidentTracker
{
    private Topology _topology;
    private readonly CorrelationOptions _options;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IIncidentListener> _listeners;
    private readonly CommonCauseDetector _commonCause;
    private readonly MonitorTrust _trust;
    private readonly List<Incident> _incidents = [];
    private readonly IncidentIndex _index = new();
    private long _sequence;
    private readonly DateTimeOffset _startedAt;

    // Clusters a reload added, and when: each has a start-up hold of its own.
    private readonly Dictionary<ClusterRef, DateTimeOffset> _addedAt = [];
    private readonly Lock _lock = new();

    private readonly IReadOnlyDictionary<string, IReadOnlyCollection<string>> _explains;

    private readonly IIncidentStore? _store;
    private readonly HashSet<Incident> _dirty = [];
    private readonly List<long> _forgotten = [];

    // Incidents carried over from the state file with alerts this run has not confirmed yet: until none is left,
    // transitions are checked against them.
    private int _carriedIncidents;

    public IncidentTracker(
        Topology topology,
        CorrelationOptions options,
        CommonCauseDetector commonCause,
        IEnumerable<IRule> rules,
        IEnumerable<IIncidentListener> listeners,
        TimeProvider time,
        MonitorTrust? trust = null,
        IIncidentStore? store = null)
    {
        _trust = trust ?? new MonitorTrust();
        // Kinds may share an alert name (RestartWithoutPermit, MonitorCannotReach): what each explains is joined; an
        // explanation holds within one cluster only, so another kind's names never meet it there.
        _explains = rules.Where(r => r.Explains.Count > 0)
            .GroupBy(r => r.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.SelectMany(r => r.Explains).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        _topology = topology;
        _options = options;
        _time = time;
        _commonCause = commonCause;
        _listeners = listeners.ToList();
        _startedAt = time.GetUtcNow();
        _store = store;
        if (store is not null)
        {
            Restore(store.Restored);
        }
    }

    /// <summary>
    /// Takes back what the state file held: open incidents carry on (announced ones are not announced again, only
    /// reported as updated; their alerts still firing are carried until this run confirms them or <see cref="CorrelationOptions.ResumeGrace"/>
    /// passes without a sign of them), resolved ones stay visible for the rest of their retention.
    /// </summary>
    private void Restore(IReadOnlyList<IncidentSnapshot> kept)
    {
        var now = _time.GetUtcNow();
        foreach (var snapshot in kept.OrderBy(k => k.Seq))
        {
            _sequence = Math.Max(_sequence, snapshot.Seq);
            Incident incident;
            try
            {
                incident = new Incident(snapshot);
            }
            catch (FormatException)
            {
                _forgotten.Add(snapshot.Seq); // Damaged: at worst its failure is paged again, never a crash.
                continue;
            }

            if (incident.State == IncidentState.Resolved && now - incident.ResolvedAt > _options.Retention)
            {
                _forgotten.Add(snapshot.Seq);
                continue;
            }

            _incidents.Add(incident);
            foreach (var (fingerprint, alert) in incident.Alerts)
            {
                _index.Add(incident, fingerprint, TopologyNode.Of(alert));
            }

            if (incident.State == IncidentState.Open)
            {
                incident.Timeline.Add(new IncidentEvent(now, "restarted",
                    $"the monitor restarted; this incident carried over from its state file, its alerts are confirmed again or end within {_options.ResumeGrace.TotalSeconds:0} s"));
                _dirty.Add(incident);
                if (incident.Carried.Count > 0)
                {
                    _carriedIncidents++;
                }
            }
        }

        // Delivery learns at once that these are still this monitor's incidents (an update: receivers already know,
        // nobody is notified), so it does not resolve them as leftovers of the last run: how each ends is this
        // tracker's to say, as for any incident.
        foreach (var incident in _incidents.Where(i => i.State == IncidentState.Open && i.Announced).ToList())
        {
            Emit(IncidentChangeKind.Updated, incident, now);
        }

        Persist();
    }

    /// <summary>Why the incident may not be announced now; null when it may.</summary>
    private string? HoldReason(Incident incident, DateTimeOffset now)
    {
        if (now - _startedAt < _options.StartupHold)
        {
            return $"start-up hold: the monitor confirms what it sees for {_options.StartupHold.TotalSeconds:0} s before paging";
        }

        foreach (var alert in incident.Alerts.Values)
        {
            if (_addedAt.TryGetValue(new ClusterRef(alert.Kind, alert.Cluster), out var added) && now - added < _options.StartupHold)
            {
                return $"start-up hold: {alert.Kind}/{alert.Cluster} was added by a reload; the monitor confirms what it sees there for {_options.StartupHold.TotalSeconds:0} s before paging";
            }
        }

        return MonitorTrust.IsAboutTheMonitor(incident.Root) ? null : _trust.Distrust(now);
    }

    /// <summary>Applies alert state changes from one evaluation, then announces what changed.</summary>
    public void Apply(IReadOnlyList<AlertTransition> transitions)
    {
        lock (_lock)
        {
            ApplyLocked(transitions);
            Persist();
        }
    }

    /// <summary>Releases held incidents after start-up, closes quiet ones, forgets old ones. Call on every evaluation tick.</summary>
    public void Tick()
    {
        lock (_lock)
        {
            TickLocked();
            Persist();
        }
    }

    private void ApplyLocked(IReadOnlyList<AlertTransition> transitions)
    {
        var now = _time.GetUtcNow();
        var changed = new HashSet<Incident>();
        foreach (var t in transitions)
        {
            if (t.To == AlertState.Firing)
            {
                changed.Add(Fire(t.Alert, now));
            }
            else if (_carriedIncidents > 0 && FindByAlert(t.Alert.Fingerprint) is { } holder && holder.Carried.ContainsKey(t.Alert.Fingerprint))
            {
                // Pending again after the restart: the condition is back, its rule waits out its for. Anything else:
                // it is gone, and once the resume grace is over the carried alert ends (TickLocked).
                holder.Carried[t.Alert.Fingerprint] = t.To == AlertState.Pending;
            }
            else if (t.From == AlertState.Firing && FindByAlert(t.Alert.Fingerprint) is { } incident)
            {
                incident.Alerts[t.Alert.Fingerprint] = t.Alert;
                _dirty.Add(incident);
                incident.Timeline.Add(new IncidentEvent(now, "resolved", $"{t.Alert.Key} resolved"));
                ChooseRoot(incident, now);
                if (!incident.AnyFiring)
                {
                    incident.QuietSince = now;
                    incident.Timeline.Add(new IncidentEvent(now, "quiet", $"every alert resolved; closing after {_options.ResolveHold.TotalSeconds:0} s without a re-fire"));
                }

                changed.Add(incident);
            }
        }

        foreach (var incident in changed)
        {
            Announce(incident, now);
        }

        TickLocked();
    }

    private void TickLocked()
    {
        var now = _time.GetUtcNow();
        if (_carriedIncidents > 0 && now - _startedAt >= _options.ResumeGrace)
        {
            EndCarried(now);
        }

        var resolved = 0;
        foreach (var incident in _incidents.ToList())
        {
            if (incident.State == IncidentState.Open && incident.QuietSince is { } quiet && now - quiet >= _options.ResolveHold)
            {
                incident.State = IncidentState.Resolved;
                incident.ResolvedAt = now;
                incident.Timeline.Add(new IncidentEvent(now, "closed", "incident resolved"));
                _dirty.Add(incident);
                if (incident.Announced)
                {
                    Emit(IncidentChangeKind.Resolved, incident, now);
                }
            }
            else if (incident.State == IncidentState.Open && !incident.Announced && incident.AnyConfirmedFiring && HoldReason(incident, now) is null)
            {
                Announce(incident, now);
            }

            if (incident.State == IncidentState.Resolved && now - incident.ResolvedAt > _options.Retention)
            {
                Forget(incident);
            }
            else if (incident.State == IncidentState.Resolved)
            {
                resolved++;
            }
        }

        if (resolved > _options.KeepResolved)
        {
            foreach (var oldest in _incidents.Where(i => i.State == IncidentState.Resolved).OrderBy(i => i.ResolvedAt).Take(resolved - _options.KeepResolved).ToList())
            {
                Forget(oldest);
            }
        }
    }

    /// <summary>
    /// The resume grace after a restart is over: alerts carried over from the state file that this run neither fired
    /// nor holds pending are gone (the failure cleared while the monitor was down); they end here, and an incident
    /// left with nothing firing resolves as usual, after its resolve hold.
    /// </summary>
    private void EndCarried(DateTimeOffset now)
    {
        _carriedIncidents = 0;
        foreach (var incident in _incidents.Where(i => i.State == IncidentState.Open && i.Carried.Count > 0).ToList())
        {
            var gone = incident.Carried.Where(c => !c.Value).Select(c => c.Key).ToList();
            foreach (var fingerprint in gone)
            {
                incident.Carried.Remove(fingerprint);
                var alert = Ended(incident.Alerts[fingerprint], now);
                incident.Alerts[fingerprint] = alert;
                incident.Timeline.Add(new IncidentEvent(now, "resolved", $"{alert.Key} not seen again within {_options.ResumeGrace.TotalSeconds:0} s of the monitor's restart"));
            }

            if (incident.Carried.Count > 0)
            {
                _carriedIncidents++;
            }

            if (gone.Count == 0)
            {
                continue;
            }

            _dirty.Add(incident);
            ChooseRoot(incident, now);
            if (!incident.AnyFiring && incident.QuietSince is null)
            {
                incident.QuietSince = now;
                incident.Timeline.Add(new IncidentEvent(now, "quiet", $"every alert resolved; closing after {_options.ResolveHold.TotalSeconds:0} s without a re-fire"));
            }

            Announce(incident, now);
        }
    }

    private void Forget(Incident incident)
    {
        _incidents.Remove(incident);
        _index.Remove(incident);
        _dirty.Remove(incident);
        _forgotten.Add(incident.Sequence);
    }

    /// <summary>Hands what changed to the store (which only queues it). Under the lock, at the end of every change.</summary>
    private void Persist()
    {
        if (_store is null || (_dirty.Count == 0 && _forgotten.Count == 0))
        {
            _dirty.Clear();
            _forgotten.Clear();
            return;
        }

        _store.Write([.. _dirty.Where(i => !_forgotten.Contains(i.Sequence)).Select(i => i.ToSnapshot())], [.. _forgotten]);
        _dirty.Clear();
        _forgotten.Clear();
    }

    /// <summary>A reload added <paramref name="cluster"/>: its incidents are held for a start-up hold of its own.</summary>
    public void ClusterAdded(ClusterRef cluster)
    {
        lock (_lock)
        {
            _addedAt[cluster] = _time.GetUtcNow();
        }
    }

    /// <summary>A reload changed the declared dependencies: correlate from now on by <paramref name="topology"/>.</summary>
    public void ReplaceTopology(Topology topology)
    {
        lock (_lock)
        {
            _topology = topology;
        }
    }

    /// <summary>
    /// A reload removed <paramref name="cluster"/>: its alerts in open incidents end here, with a note in the timeline.
    /// An incident left with nothing firing resolves at once (no resolve hold: nothing of a removed cluster can
    /// re-fire) and, if it was announced, its resolution is sent; one that still has firing alerts elsewhere is updated.
    /// </summary>
    public void ClusterRemoved(ClusterRef cluster)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _addedAt.Remove(cluster);
            foreach (var incident in _incidents.Where(i => i.State == IncidentState.Open).ToList())
            {
                var ended = incident.Alerts.Values.Where(a => a.Kind == cluster.Kind && a.Cluster == cluster.Name).ToList();
                if (ended.Count == 0)
                {
                    continue;
                }

                foreach (var alert in ended)
                {
                    incident.Alerts[alert.Fingerprint] = Ended(alert, now);
                    incident.Carried.Remove(alert.Fingerprint);
                }

                _dirty.Add(incident);

                incident.Timeline.Add(new IncidentEvent(now, "removed", $"{cluster} was removed from the config by a reload; its alerts end here"));
                ChooseRoot(incident, now);
                if (incident.AnyFiring)
                {
                    Announce(incident, now);
                    continue;
                }

                incident.State = IncidentState.Resolved;
                incident.ResolvedAt = now;
                incident.Timeline.Add(new IncidentEvent(now, "closed", "incident resolved: its clusters are no longer monitored"));
                if (incident.Announced)
                {
                    Emit(IncidentChangeKind.Resolved, incident, now);
                }
            }

            Persist();
        }
    }

    private static AlertReport Ended(AlertReport alert, DateTimeOffset now) => alert.State == AlertState.Resolved ? alert : new AlertReport
    {
        Name = alert.Name,
        Severity = alert.Severity,
        State = AlertState.Resolved,
        Kind = alert.Kind,
        Cluster = alert.Cluster,
        Summary = alert.Summary,
        Labels = alert.Labels,
        ActiveSince = alert.ActiveSince,
        FiringSince = alert.FiringSince,
        ResolvedAt = now,
        Fingerprint = alert.Fingerprint,
    };

    public IReadOnlyList<IncidentReport> Incidents()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return _incidents
                .OrderBy(i => i.State)
                .ThenByDescending(i => i.Severity)
                .ThenBy(i => i.StartedAt)
                .Select(i => ToReport(i, now))
                .ToList();
        }
    }

    /// <summary>The incident of that id: the open one, else the latest resolved (ids repeat across a cluster's
    /// successive incidents, never among open ones); null when there is none.</summary>
    public IncidentReport? Find(string id)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return _incidents
                .Where(i => i.Id == id)
                .OrderBy(i => i.State)
                .ThenByDescending(i => i.StartedAt)
                .Select(i => ToReport(i, now))
                .FirstOrDefault();
        }
    }

    /// <summary>The alert as the status shows it: with its incident and, for symptoms, the root cause it is muted under.</summary>
    public AlertReport Annotate(AlertReport alert)
    {
        Incident? incident;
        AlertReport root;
        lock (_lock)
        {
            incident = FindByAlert(alert.Fingerprint, includeResolved: true);
            if (incident is null)
            {
                return alert;
            }

            root = incident.Root;
        }

        return new AlertReport
        {
            Name = alert.Name,
            Severity = alert.Severity,
            State = alert.State,
            Kind = alert.Kind,
            Cluster = alert.Cluster,
            Summary = alert.Summary,
            Labels = alert.Labels,
            ActiveSince = alert.ActiveSince,
            FiringSince = alert.FiringSince,
            ResolvedAt = alert.ResolvedAt,
            Fingerprint = alert.Fingerprint,
            Incident = incident.Id,
            CausedBy = root.Fingerprint == alert.Fingerprint ? null : root.Key,
        };
    }

    private Incident Fire(AlertReport alert, DateTimeOffset now)
    {
        var node = TopologyNode.Of(alert);
        var matches = _index.OnClusters(_topology.RelatedClusters(node))
            .Where(i => i.State == IncidentState.Open && (i.AnyFiring || now - i.LastFiringAt <= _options.Window))
            .Where(i => i.Alerts.Values.Any(a => _topology.Related(node, TopologyNode.Of(a))))
            .OrderBy(i => i.StartedAt)
            .ToList();

        Incident incident;
        if (matches.Count == 0)
        {
            incident = new Incident(alert, now, ++_sequence);
            CloseQuietHolderOf(alert, incident, now);
            _incidents.Add(incident);
            incident.Timeline.Add(new IncidentEvent(now, "opened", $"{alert.Key} fired: {alert.Summary}"));
        }
        else
        {
            incident = matches[0];
            foreach (var absorbed in matches.Skip(1))
            {
                Merge(incident, absorbed, now);
            }

            var refire = incident.Alerts.ContainsKey(alert.Fingerprint);
            incident.Timeline.Add(new IncidentEvent(now, refire ? "re-fired" : "joined", $"{alert.Key} fired: {alert.Summary}"));
        }

        if (!incident.Alerts.ContainsKey(alert.Fingerprint))
        {
            incident.JoinOrder.Add(alert.Fingerprint);
        }

        incident.Alerts[alert.Fingerprint] = alert;
        incident.Carried.Remove(alert.Fingerprint);
        _index.Add(incident, alert.Fingerprint, node);
        _dirty.Add(incident);
        incident.QuietSince = null;
        incident.LastFiringAt = now;
        ChooseRoot(incident, now);
        return incident;
    }

    private void Merge(Incident into, Incident absorbed, DateTimeOffset now)
    {
        foreach (var fingerprint in absorbed.JoinOrder)
        {
            if (!into.Alerts.ContainsKey(fingerprint))
            {
                into.JoinOrder.Add(fingerprint);
            }

            into.Alerts[fingerprint] = absorbed.Alerts[fingerprint];
            if (absorbed.Carried.TryGetValue(fingerprint, out var pending))
            {
                into.Carried[fingerprint] = pending;
            }
        }

        _index.Remove(absorbed);
        foreach (var (fingerprint, alert) in into.Alerts)
        {
            _index.Add(into, fingerprint, TopologyNode.Of(alert));
        }

        into.Timeline.AddRange(absorbed.Timeline);
        into.Timeline.Add(new IncidentEvent(now, "merged", $"incident {absorbed.Id} merged into this one"));
        _incidents.Remove(absorbed);
        _dirty.Remove(absorbed);
        _dirty.Add(into);
        _forgotten.Add(absorbed.Sequence);
        if (absorbed.Announced)
        {
            // Its pages point at an id that no longer exists: close them, the surviving incident carries on.
            absorbed.State = IncidentState.Resolved;
            absorbed.ResolvedAt = now;
            absorbed.Timeline.Add(new IncidentEvent(now, "merged", $"merged into {into.Id}"));
            Emit(IncidentChangeKind.Resolved, absorbed, now);
        }
    }

    private void ChooseRoot(Incident incident, DateTimeOffset now)
    {
        // Upstream-most: no other alert of the incident is on a node this one depends on, and none on the same cluster
        // explains it (a quorum loss explains the member that went down a probe earlier). Earliest on ties.
        // Once the root cause clears while other alerts still fire, the root moves to what is still wrong.
        var alerts = incident.AnyFiring ? incident.Alerts.Values.Where(a => a.State == AlertState.Firing).ToList() : incident.Alerts.Values.ToList();
        var root = alerts
            .Where(a => !alerts.Any(b => b.Fingerprint != a.Fingerprint && (_topology.DependsOn(TopologyNode.Of(a), TopologyNode.Of(b)) || Explains(b, a))))
            .OrderBy(a => a.ActiveSince)
            .ThenByDescending(a => a.Severity)
            .ThenBy(a => incident.JoinOrder.IndexOf(a.Fingerprint))
            .First();
        if (root.Fingerprint != incident.RootFingerprint)
        {
            incident.Timeline.Add(new IncidentEvent(now, "root-cause", $"root cause is now {root.Key} (was {incident.Root.Key})"));
            incident.RootFingerprint = root.Fingerprint;
            if (!incident.Announced && Incident.IdFor(root) != incident.Id)
            {
                // Nothing has been paged under the old id; take the one a monitor that saw the cause first would use.
                incident.Id = Incident.IdFor(root);
                CloseQuietHolderOf(root, incident, now);
            }
        }
    }

    /// <summary>
    /// An id names one open incident. A new incident on a cluster whose last incident is still open but quiet (every
    /// alert resolved, past the correlation window, inside the resolve hold) would share its id: that one closes now,
    /// so its resolve is sent before the new incident's trigger under the same key, never after it.
    /// </summary>
    private void CloseQuietHolderOf(AlertReport root, Incident taker, DateTimeOffset now)
    {
        // An incident of that id holds an alert on the root's cluster (alerts never leave an incident): the index finds it.
        var candidates = _index.OnClusters(new HashSet<TopologyNode> { TopologyNode.Of(root).ClusterNode });
        foreach (var other in candidates.Where(i => i != taker && i.Id == taker.Id && i.State == IncidentState.Open && !i.AnyFiring).ToList())
        {
            other.State = IncidentState.Resolved;
            other.ResolvedAt = now;
            other.Timeline.Add(new IncidentEvent(now, "closed", "incident resolved: a new incident on its cluster takes its id"));
            _dirty.Add(other);
            if (other.Announced)
            {
                Emit(IncidentChangeKind.Resolved, other, now);
            }
        }
    }

    private bool Explains(AlertReport explaining, AlertReport explained) =>
        explaining.Kind == explained.Kind && explaining.Cluster == explained.Cluster
        && _explains.TryGetValue(explaining.Name, out var names) && names.Contains(explained.Name);

    private void Announce(Incident incident, DateTimeOffset now)
    {
        if (incident.State != IncidentState.Open)
        {
            return;
        }

        if (!incident.Announced)
        {
            if (!incident.AnyConfirmedFiring || HoldReason(incident, now) is not null)
            {
                return;
            }

            incident.Announced = true;
            Emit(IncidentChangeKind.Opened, incident, now);
            return;
        }

        Emit(IncidentChangeKind.Updated, incident, now);
    }

    private void Emit(IncidentChangeKind kind, Incident incident, DateTimeOffset now)
    {
        _dirty.Add(incident);
        var change = new IncidentChange(kind, ToReport(incident, now), now);
        foreach (var listener in _listeners)
        {
            listener.OnIncidentChanged(change);
        }
    }

    private Incident? FindByAlert(string fingerprint, bool includeResolved = false) =>
        _index.Latest(fingerprint, i => includeResolved || i.State == IncidentState.Open);

    private IncidentReport ToReport(Incident incident, DateTimeOffset now)
    {
        var root = incident.Root;
        var symptoms = incident.JoinOrder.Where(f => f != incident.RootFingerprint).Select(f => incident.Alerts[f]).ToList();
        var clusters = new[] { $"{root.Kind}/{root.Cluster}" }
            .Concat(symptoms.Select(s => $"{s.Kind}/{s.Cluster}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var annotations = incident.Alerts.Values
            .Select(a => new QuorumMonitor.Core.Model.ClusterRef(a.Kind, a.Cluster))
            .Distinct()
            .SelectMany(c => _commonCause.Describe(c, incident.StartedAt - _options.CommonCauseWindow))
            .ToList();
        var summary = $"{root.Name} on {root.Kind}/{root.Cluster}: {root.Summary}"
            + (symptoms.Count == 0 ? "" : $" (+{symptoms.Count} symptom{(symptoms.Count == 1 ? "" : "s")}: {string.Join(", ", symptoms.Select(s => s.Name).Distinct(StringComparer.Ordinal))})");
        return new IncidentReport
        {
            Id = incident.Id,
            Severity = incident.Severity,
            State = incident.State,
            Summary = summary,
            RootCause = root,
            Symptoms = symptoms,
            Clusters = clusters,
            Annotations = annotations,
            HeldBecause = incident.State == IncidentState.Open && !incident.Announced ? HoldReason(incident, now) : null,
            StartedAt = incident.StartedAt,
            ResolvedAt = incident.ResolvedAt,
            Timeline = incident.Timeline.ToList(),
        };
    }
}
