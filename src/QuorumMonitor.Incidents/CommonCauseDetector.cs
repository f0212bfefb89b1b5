using System.Globalization;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Incidents;

/// <summary>
/// Watches member states across observations and spots several members of one cluster failing or restarting
/// close together — the signature of a common cause (a config push, a rolling restart gone wrong), which is worth
/// saying in the page: "2 of 3 members of zk-realtime failed or restarted within 0.4 s".
/// </summary>
public sealed class CommonCauseDetector(CorrelationOptions options)
{
    private static readonly HashSet<string> Healthy = new(StringComparer.Ordinal) { "serving", "ok", "up", "online" };

    // A member without quorum is a consequence, not a failure of its own.
    private static readonly HashSet<string> Consequence = new(StringComparer.Ordinal) { "not-serving" };

    private readonly Dictionary<ClusterRef, Dictionary<string, (string State, double? Uptime)>> _last = [];
    private readonly Dictionary<ClusterRef, List<MemberEvent>> _events = [];
    private readonly Dictionary<ClusterRef, int> _sizes = [];
    private readonly Lock _lock = new();

    public void Observe(ClusterRef cluster, IEnumerable<MemberStatus> members, DateTimeOffset at)
    {
        lock (_lock)
        {
            ObserveLocked(cluster, members, at);
        }
    }

    /// <summary>Groups of two or more distinct members that failed or restarted within the window, since <paramref name="since"/>.</summary>
    public IReadOnlyList<string> Describe(ClusterRef cluster, DateTimeOffset since)
    {
        lock (_lock)
        {
            return DescribeLocked(cluster, since).ToList();
        }
    }

    private void ObserveLocked(ClusterRef cluster, IEnumerable<MemberStatus> members, DateTimeOffset at)
    {
        if (!_last.TryGetValue(cluster, out var last))
        {
            last = new Dictionary<string, (string, double?)>(StringComparer.Ordinal);
            _last[cluster] = last;
            _events[cluster] = [];
        }

        var events = _events[cluster];
        var size = 0;
        foreach (var m in members)
        {
            size++;
            var uptime = m.UptimeSeconds;
            var known = last.TryGetValue(m.Address, out var previous);
            if (known)
            {
                if (Healthy.Contains(previous.State) && !Healthy.Contains(m.State) && !Consequence.Contains(m.State))
                {
                    events.Add(new MemberEvent(m.Address, at, Restart: false));
                }
                else if (uptime is { } now && previous.Uptime is { } before && now < before)
                {
                    events.Add(new MemberEvent(m.Address, at, Restart: true));
                }
            }

            // A member that lost quorum because others failed keeps the state it had before: when it then goes down
            // itself (the second of two killed members, seen between the kills as "not-serving" while the survivors
            // re-elect), that is its own failure, close to the first.
            var state = known && Consequence.Contains(m.State) ? previous.State : m.State;
            last[m.Address] = (state, uptime ?? (Healthy.Contains(m.State) ? previous.Uptime : null));
        }

        _sizes[cluster] = size;
        if (events.Count > 0)
        {
            events.RemoveAll(e => at - e.At > options.Retention);
        }
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
}
