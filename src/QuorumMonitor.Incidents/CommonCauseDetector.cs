using System.Globalization;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Incidents;

/// <summary>
/// Watches member states across observations and spots several members of one cluster failing or restarting
/// close together — the signature of a common cause (a config push, a rolling restart gone wrong), which is worth
/// saying in the page: "2 of 3 members of zk-realtime failed or restarted within 0.4 s".
/// A member that leaves a healthy state and comes back as the same process (its uptime went on) neither failed nor
/// restarted: it answered slowly, or the monitor was slow (a loaded monitor times out on healthy members). Its event is
/// dropped on its return, and until a second observation confirms it, no rule sees it (<see cref="Unplanned"/>).
/// Same process means its uptime went on by the time that passed (within <see cref="UptimeTolerance"/>): a new process
/// started after the last healthy answer, so its uptime is below that, however long the outage was. A member last seen
/// healthy within <see cref="UptimeTolerance"/> of its start is too young to tell: its failure stands.
/// </summary>
public sealed class CommonCauseDetector(CorrelationOptions options)
{
    /// <summary>How far an uptime may fall short of the time that passed and still be the same process: probe results
    /// are a little older or newer than the evaluation they are judged in.</summary>
    public static readonly TimeSpan UptimeTolerance = TimeSpan.FromSeconds(2);

    private static readonly HashSet<string> Healthy = new(StringComparer.Ordinal) { "serving", "ok", "up", "online" };

    // A member without quorum is a consequence, not a failure of its own.
    private static readonly HashSet<string> Consequence = new(StringComparer.Ordinal) { "not-serving" };

    private readonly Dictionary<ClusterRef, Dictionary<string, MemberLast>> _last = [];
    private readonly Dictionary<ClusterRef, List<MemberEvent>> _events = [];
    private readonly Dictionary<ClusterRef, int> _sizes = [];

    // When a majority of the cluster's members was last seen unhealthy at once: the changes up to then belong to that
    // outage (a quorum loss pages for them), not to restarts that overlapped while the cluster held.
    private readonly Dictionary<ClusterRef, DateTimeOffset> _majorityLostAt = [];
    private readonly Lock _lock = new();

    /// <param name="planned">Members under a restart permit now: their failures and restarts are marked planned.</param>
    public void Observe(ClusterRef cluster, IEnumerable<MemberStatus> members, DateTimeOffset at, IReadOnlyList<PlannedRestart>? planned = null)
    {
        lock (_lock)
        {
            ObserveLocked(cluster, members, at, planned ?? []);
        }
    }

    /// <summary>
    /// Confirmed failures and restarts without a permit within <see cref="CorrelationOptions.CommonCauseWindow"/> of
    /// <paramref name="now"/>, after the cluster last lost a majority of its members; oldest first.
    /// </summary>
    public IReadOnlyList<MemberChange> Unplanned(ClusterRef cluster, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_events.TryGetValue(cluster, out var events) || events.Count == 0)
            {
                return [];
            }

            var after = _majorityLostAt.TryGetValue(cluster, out var lost) ? lost : DateTimeOffset.MinValue;
            List<MemberChange>? changes = null;
            foreach (var e in events)
            {
                if (e.Confirmed && !e.Planned && e.At > after && now - e.At <= options.CommonCauseWindow)
                {
                    (changes ??= []).Add(new MemberChange(e.Member, e.At, e.Restart, e.DuringPermit));
                }
            }

            return (IReadOnlyList<MemberChange>?)changes ?? [];
        }
    }

    /// <summary>
    /// Groups of two or more distinct members that failed or restarted within the window, since <paramref name="since"/>.
    /// Unconfirmed failures count: this is a note on an incident its own rule has already confirmed.
    /// </summary>
    public IReadOnlyList<string> Describe(ClusterRef cluster, DateTimeOffset since)
    {
        lock (_lock)
        {
            return DescribeLocked(cluster, since).ToList();
        }
    }

    private void ObserveLocked(ClusterRef cluster, IEnumerable<MemberStatus> members, DateTimeOffset at, IReadOnlyList<PlannedRestart> planned)
    {
        if (!_last.TryGetValue(cluster, out var last))
        {
            last = new Dictionary<string, MemberLast>(StringComparer.Ordinal);
            _last[cluster] = last;
            _events[cluster] = [];
        }

        var events = _events[cluster];
        var size = 0;
        var unhealthy = 0;
        foreach (var m in members)
        {
            size++;
            var healthy = Healthy.Contains(m.State);
            unhealthy += healthy ? 0 : 1;
            var uptime = m.UptimeSeconds;
            if (!last.TryGetValue(m.Address, out var previous))
            {
                last[m.Address] = new MemberLast(m.State, healthy ? uptime : null, at, null);
                continue;
            }

            var outage = previous.Outage;
            if (outage is not null)
            {
                outage = healthy ? Returned(events, outage, uptime, previous.Uptime + (at - previous.HealthyAt).TotalSeconds, previous.Uptime) : Confirm(events, outage);
            }
            else if (Healthy.Contains(previous.State) && !healthy && !Consequence.Contains(m.State))
            {
                outage = Event(m.Address, at, restart: false, planned) with { Confirmed = false };
                events.Add(outage);
            }
            else if (healthy && uptime is { } now && previous.Uptime is { } before && now < before)
            {
                events.Add(Event(m.Address, at, restart: true, planned));
            }

            // A member that lost quorum because others failed keeps the state it had before: when it then goes down
            // itself (the second of two killed members, seen between the kills as "not-serving" while the survivors
            // re-elect), that is its own failure, close to the first. The uptime kept is the last one seen healthy,
            // which tells on its return whether it is the same process.
            var state = Consequence.Contains(m.State) ? previous.State : m.State;
            last[m.Address] = healthy
                ? new MemberLast(state, uptime ?? previous.Uptime, at, null)
                : new MemberLast(state, previous.Uptime, previous.HealthyAt, outage);
        }

        _sizes[cluster] = size;
        if (unhealthy * 2 > size)
        {
            _majorityLostAt[cluster] = at;
        }

        if (events.Count > 0)
        {
            events.RemoveAll(e => at - e.At > options.Retention);
        }
    }

    /// <summary>Still unhealthy a second time: a failure, not one slow answer.</summary>
    private static MemberEvent Confirm(List<MemberEvent> events, MemberEvent outage)
    {
        if (outage.Confirmed)
        {
            return outage;
        }

        var confirmed = outage with { Confirmed = true };
        Replace(events, outage, confirmed);
        return confirmed;
    }

    /// <summary>
    /// Back healthy: the same process (its uptime went on as time did) neither failed nor restarted, and its event
    /// goes; a new process (uptime short of that) restarted; without uptimes the failure stands, as seen.
    /// </summary>
    /// <param name="sameProcess">The uptime the member would have now had it kept running since it was last healthy.</param>
    /// <param name="youngest">The uptime it had when last seen healthy.</param>
    private static MemberEvent? Returned(List<MemberEvent> events, MemberEvent outage, double? uptime, double? sameProcess, double? youngest)
    {
        // A member last seen only seconds after its start cannot be told apart from its successor by uptime: its
        // failure stands, as seen.
        if (uptime is { } now && sameProcess is { } then && youngest is { } young && young > UptimeTolerance.TotalSeconds)
        {
            if (now >= then - UptimeTolerance.TotalSeconds)
            {
                events.Remove(outage);
            }
            else
            {
                Replace(events, outage, outage with { Restart = true, Confirmed = true });
            }
        }
        else
        {
            Replace(events, outage, outage with { Confirmed = true });
        }

        return null;
    }

    private static void Replace(List<MemberEvent> events, MemberEvent old, MemberEvent now)
    {
        var i = events.IndexOf(old);
        if (i >= 0)
        {
            events[i] = now;
        }
    }

    private static MemberEvent Event(string member, DateTimeOffset at, bool restart, IReadOnlyList<PlannedRestart> planned)
    {
        string? during = null;
        foreach (var p in planned)
        {
            if (string.Equals(p.Member, member, StringComparison.Ordinal))
            {
                return new MemberEvent(member, at, restart, Planned: true);
            }

            during ??= $"{p.Text} ({p.Member})";
        }

        return new MemberEvent(member, at, restart, Planned: false, DuringPermit: during);
    }

    private IEnumerable<string> DescribeLocked(ClusterRef cluster, DateTimeOffset since)
    {
        if (!_events.TryGetValue(cluster, out var events))
        {
            yield break;
        }

        var recent = events.Where(e => e.At >= since).OrderBy(e => e.At).ToList();
        var i = 0;
        while (i < recent.Count)
        {
            var group = recent.Skip(i).TakeWhile(e => e.At - recent[i].At <= options.CommonCauseWindow).ToList();
            var members = group.Select(e => e.Member).Distinct(StringComparer.Ordinal).ToList();
            if (members.Count >= 2)
            {
                var what = group.All(e => e.Restart) ? "restarted" : group.Any(e => e.Restart) ? "failed or restarted" : "failed";
                var span = (group[^1].At - group[0].At).TotalSeconds;
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"correlated failure: {members.Count} of {_sizes[cluster]} members of {cluster.Name} {what} within {span:0.#} s ({string.Join(", ", members)})");
                i += group.Count;
            }
            else
            {
                i++;
            }
        }
    }

    /// <param name="Uptime">The uptime last seen while healthy.</param>
    /// <param name="HealthyAt">When the member was last seen healthy.</param>
    /// <param name="Outage">The failure event open since the member left a healthy state, until it is back.</param>
    private readonly record struct MemberLast(string State, double? Uptime, DateTimeOffset HealthyAt, MemberEvent? Outage);
}
