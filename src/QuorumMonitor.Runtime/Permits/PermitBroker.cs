using Microsoft.Extensions.Logging;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Rules.Evaluation;

namespace QuorumMonitor.Runtime.Permits;

/// <summary>
/// Grants, refuses and ends restart permits. It sees every evaluation (as a listener) and judges a request on the
/// cluster's latest one, through the cluster's kind; one lock makes concurrent requests for the same cluster serial,
/// so two of them can never both be granted on the same evidence. Every grant, refusal and end is logged (audit).
/// </summary>
public sealed partial class PermitBroker : IMonitorListener, IPlannedRestarts
{
    /// <summary>Refusals kept for the status: enough for a rolling restart's retries to show, bounded whatever the callers do.</summary>
    public const int RecentRefusalsKept = 20;

    private readonly Queue<PermitRefusalReport> _refusals = new();
    private readonly IPermitStore _store;
    private readonly Dictionary<string, IPermitJudge> _judges;
    private readonly Dictionary<string, string> _kindOf;
    private readonly Dictionary<string, ClusterObservation> _latest = new(StringComparer.Ordinal);
    private readonly PermitSettings _settings;
    private readonly TimeSpan _freshFor;
    private readonly TimeProvider _time;
    private readonly ILogger<PermitBroker> _log;
    private readonly Lock _lock = new();

    public PermitBroker(IPermitStore store, IEnumerable<IPermitJudge> judges, MonitorConfig config, TimeProvider time, ILogger<PermitBroker> log)
    {
        _store = store;
        _judges = judges.ToDictionary(j => j.Kind, StringComparer.Ordinal);
        _kindOf = config.Kinds
            .SelectMany(k => k.Value.Declarations.Select(d => (d.Name, Kind: k.Key)))
            .ToDictionary(x => x.Name, x => x.Kind, StringComparer.Ordinal);
        _settings = config.Permits;
        // As /healthz: an evaluation older than three rounds plus a deadline is no evidence for a grant.
        _freshFor = (config.Monitor.Interval * 3) + config.Monitor.Deadline;
        _time = time;
        _log = log;
        foreach (var p in _store.All().Where(p => p.IsHeld))
        {
            // From the state file: a monitor that restarted honours what it granted before, until the lease.
            LogRestored(p.Id, p.Cluster, p.Member, p.Holder, p.Reason, p.ExpiresAt);
        }
    }

    public PermitSettings Settings => _settings;

    /// <summary>
    /// The clusters whose kind takes permits: the configured ones, and those a reload added once they are evaluated
    /// (a snapshot).
    /// </summary>
    public IReadOnlySet<string> Clusters
    {
        get
        {
            lock (_lock)
            {
                return _kindOf.Where(c => _judges.ContainsKey(c.Value)).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    public PermitDecision Request(PermitRequest request)
    {
        var ttl = request.Ttl ?? _settings.DefaultTtl;
        if (ttl <= TimeSpan.Zero || ttl > _settings.MaxTtl)
        {
            return new PermitDecision(PermitOutcome.Invalid, null, $"ttl {Durations.Format(ttl)} is outside 1s..{Durations.Format(_settings.MaxTtl)} (permits.maxTtl)", null);
        }

        if (request.Force && string.IsNullOrWhiteSpace(request.Reason))
        {
            return new PermitDecision(PermitOutcome.Invalid, null, "reason: is required with force (it is logged and shown with the permit)", null);
        }

        lock (_lock)
        {
            var decision = Decide(request, ttl);
            if (decision.Permit is { Forced: true } forced)
            {
                LogGrantedForced(forced.Id, forced.Cluster, forced.Member, forced.Holder, forced.Reason, forced.ExpiresAt);
            }
            else if (decision.Permit is { } p)
            {
                LogGranted(p.Id, p.Cluster, p.Member, p.Holder, p.Reason, p.ExpiresAt);
            }
            else
            {
                LogRefused(request.Cluster, request.Member, request.Holder, request.Reason, decision.Reason);
                if (decision.Outcome == PermitOutcome.Refused)
                {
                    Remember(request, decision);
                }
            }

            return decision;
        }
    }

    /// <summary>Every permit the store keeps, with leases that ran out marked expired first.</summary>
    public IReadOnlyList<Permit> List()
    {
        lock (_lock)
        {
            ExpireLeases(null);
            return _store.All();
        }
    }

    /// <summary>The latest refusals, newest last (at most <see cref="RecentRefusalsKept"/>).</summary>
    public IReadOnlyList<PermitRefusalReport> RecentRefusals()
    {
        lock (_lock)
        {
            return [.. _refusals];
        }
    }

    /// <summary>What the status shows: the permits held now (leases that ran out ended first) and the latest refusals.</summary>
    public PermitsReport Report()
    {
        lock (_lock)
        {
            ExpireLeases(null);
            return new PermitsReport
            {
                Held = [.. _store.All().Where(p => p.IsHeld).Select(p => new HeldPermitReport
                {
                    Id = p.Id, Kind = p.Kind, Cluster = p.Cluster, Member = p.Member, Holder = p.Holder, Reason = p.Reason,
                    GrantedAt = p.GrantedAt, ExpiresAt = p.ExpiresAt, Forced = p.Forced, SeenDown = p.SeenDown,
                })],
                Refused = [.. _refusals],
            };
        }
    }

    /// <summary>Early release by its holder (or an operator); null when no permit has that id.</summary>
    public Permit? Release(long id)
    {
        lock (_lock)
        {
            if (_store.All().FirstOrDefault(p => p.Id == id) is not { } permit)
            {
                return null;
            }

            return permit.IsHeld ? End(permit, PermitState.Released, "released through the API") : permit;
        }
    }

    /// <summary>Held permits of the cluster whose lease has not run out, as the rules see them.</summary>
    public IReadOnlyList<PlannedRestart> For(string cluster)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            List<PlannedRestart>? planned = null;
            foreach (var p in _store.All())
            {
                if (p.IsHeld && now < p.ExpiresAt && p.Cluster == cluster)
                {
                    (planned ??= []).Add(new PlannedRestart(p.Member, p.Id, p.Holder, p.Reason, p.ExpiresAt, p.Forced));
                }
            }

            return (IReadOnlyList<PlannedRestart>?)planned ?? [];
        }
    }

    public void OnProbed(Core.Model.ClusterRef cluster, IProbeUnit unit, ProbeResult result)
    {
    }

    /// <summary>
    /// A reload removed (or replaced) the cluster: its last evaluation is no evidence any more. Its held permits run
    /// out at their lease; a replaced cluster is known again at its next evaluation.
    /// </summary>
    public void OnClusterRemoved(Core.Model.ClusterRef cluster)
    {
        lock (_lock)
        {
            _latest.Remove(cluster.Name);
            _kindOf.Remove(cluster.Name);
        }
    }

    public void OnEvaluated(ClusterObservation observation, IReadOnlyList<AlertTransition> transitions)
    {
        lock (_lock)
        {
            _latest[observation.Cluster.Name] = observation;
            // A cluster a reload added is known from its first evaluation on.
            _kindOf[observation.Cluster.Name] = observation.Cluster.Kind;
            ExpireLeases(observation.Cluster.Name);
            if (!_judges.TryGetValue(observation.Cluster.Kind, out var judge))
            {
                return;
            }

            foreach (var permit in Held(observation.Cluster.Name))
            {
                switch (judge.Recovery(observation, permit.Member))
                {
                    case MemberRecovery.Down when !permit.SeenDown:
                        _store.Update(permit with { SeenDown = true });
                        LogSeenDown(permit.Id, permit.Cluster, permit.Member);
                        break;
                    case MemberRecovery.Back when permit.SeenDown:
                        End(permit, PermitState.Released, "the member serves again and has caught up");
                        break;
                }
            }
        }
    }

    private PermitDecision Decide(PermitRequest request, TimeSpan ttl)
    {
        if (!_kindOf.TryGetValue(request.Cluster, out var kind))
        {
            return new PermitDecision(PermitOutcome.NotFound, null, $"no cluster '{request.Cluster}' in the config", null);
        }

        if (!_judges.TryGetValue(kind, out var judge))
        {
            return PermitDecision.Refused($"{request.Cluster} is a {kind} cluster; permits are not supported for {kind} yet", null);
        }

        var now = _time.GetUtcNow();
        if (!_latest.TryGetValue(request.Cluster, out var observation))
        {
            return PermitDecision.Refused($"{request.Cluster} has not been evaluated yet", "retry once the monitor has probed it");
        }

        if (now - observation.At > _freshFor)
        {
            return PermitDecision.Refused(
                $"{request.Cluster}'s last evaluation is {(now - observation.At).TotalSeconds:0}s old (more than {Durations.Format(_freshFor)}): the monitor cannot vouch for it",
                "retry when the monitor is probing it again");
        }

        if (judge.FindMember(observation, request.Member) is not { } member)
        {
            return new PermitDecision(PermitOutcome.NotFound, null, $"{request.Cluster} has no member '{request.Member}'", null);
        }

        ExpireLeases(request.Cluster);
        var held = Held(request.Cluster);
        if (held.FirstOrDefault(p => p.Member == member) is { } mine)
        {
            return PermitDecision.Refused($"{member} is already under {mine}", $"wait for it to end or release it (DELETE /api/v1/permits/{mine.Id})");
        }

        var verdict = judge.Judge(observation, member, held, _settings.MinFaultToleranceAfter, request.Force);
        if (!verdict.Allowed)
        {
            return PermitDecision.Refused(verdict.Reason ?? $"{request.Cluster} cannot afford to lose {member} now", verdict.Remedy);
        }

        try
        {
            return PermitDecision.Granted(Store(request, kind, member, now, ttl, verdict.Forced));
        }
        catch (PermitStoreException ex)
        {
            return PermitDecision.Refused($"{ex.Message}: a permit the monitor could forget on restart is not granted", "free space on or fix the state file, then retry");
        }
    }

    private void Remember(PermitRequest request, PermitDecision decision)
    {
        _refusals.Enqueue(new PermitRefusalReport
        {
            At = _time.GetUtcNow(),
            Cluster = request.Cluster,
            Member = request.Member,
            Holder = request.Holder,
            Reason = request.Reason,
            Refusal = decision.Reason ?? "refused",
            Remedy = decision.Remedy,
            Forced = request.Force,
        });
        while (_refusals.Count > RecentRefusalsKept)
        {
            _refusals.Dequeue();
        }
    }

    private Permit Store(PermitRequest request, string kind, string member, DateTimeOffset now, TimeSpan ttl, bool forced) =>
        _store.Add(id => new Permit
        {
            Id = id,
            Kind = kind,
            Cluster = request.Cluster,
            Member = member,
            Holder = request.Holder,
            Reason = request.Reason,
            GrantedAt = now,
            ExpiresAt = now + ttl,
            Forced = forced,
        });

    private List<Permit> Held(string cluster) => [.. _store.All().Where(p => p.IsHeld && p.Cluster == cluster)];

    private void ExpireLeases(string? cluster)
    {
        var now = _time.GetUtcNow();
        foreach (var p in _store.All())
        {
            if (p.IsHeld && now >= p.ExpiresAt && (cluster is null || p.Cluster == cluster))
            {
                End(p, PermitState.Expired, p.SeenDown ? "the lease ran out before the member was back" : "the lease ran out; the member was never seen down");
                LogExpired(p.Id, p.Cluster, p.Member, p.Holder, p.Reason);
            }
        }
    }

    private Permit End(Permit permit, PermitState state, string why)
    {
        var ended = permit with { State = state, EndedAt = _time.GetUtcNow(), EndReason = why };
        _store.Update(ended);
        if (state == PermitState.Released)
        {
            LogReleased(permit.Id, permit.Cluster, permit.Member, permit.Holder, why);
        }

        return ended;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "permit #{Id} granted: {Cluster} {Member} to {Holder} ({Reason}) until {ExpiresAt:o}")]
    private partial void LogGranted(long id, string cluster, string member, string holder, string reason, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "permit #{Id} granted by force: {Cluster} {Member} to {Holder} ({Reason}) until {ExpiresAt:o}; its outage will not page")]
    private partial void LogGrantedForced(long id, string cluster, string member, string holder, string reason, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "permit #{Id} held from before the restart: {Cluster} {Member} by {Holder} ({Reason}) until {ExpiresAt:o}")]
    private partial void LogRestored(long id, string cluster, string member, string holder, string reason, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "permit refused: {Cluster} {Member} for {Holder} ({Reason}): {Why}")]
    private partial void LogRefused(string cluster, string member, string holder, string reason, string? why);

    [LoggerMessage(Level = LogLevel.Information, Message = "permit #{Id}: {Cluster} {Member} seen down (planned restart)")]
    private partial void LogSeenDown(long id, string cluster, string member);

    [LoggerMessage(Level = LogLevel.Information, Message = "permit #{Id} released: {Cluster} {Member} held by {Holder}: {Why}")]
    private partial void LogReleased(long id, string cluster, string member, string holder, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "permit #{Id} expired: the lease of {Holder} ({Reason}) on {Cluster} {Member} ran out before the member was seen back")]
    private partial void LogExpired(long id, string cluster, string member, string holder, string reason);
}
