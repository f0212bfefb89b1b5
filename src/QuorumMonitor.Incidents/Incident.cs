using System.Security.Cryptography;
using System.Text;
using QuorumMonitor.Core.Model;

namespace QuorumMonitor.Incidents;

/// <summary>The mutable state of one incident inside the <see cref="IncidentTracker"/>.</summary>
internal sealed class Incident
{
    public Incident(AlertReport first, DateTimeOffset now, long sequence)
    {
        Sequence = sequence;
        Id = IdFor(first);
        StartedAt = now;
        LastFiringAt = now;
        RootFingerprint = first.Fingerprint;
        Timeline = new IncidentTimeline();
    }

    /// <summary>An incident carried over from the state file. Its alerts still firing there are <see cref="Carried"/>:
    /// this run has not seen them yet.</summary>
    public Incident(IncidentSnapshot kept)
    {
        Sequence = kept.Seq;
        Id = kept.Id;
        StartedAt = kept.StartedAt;
        RootFingerprint = kept.RootFingerprint;
        Timeline = new IncidentTimeline(kept.Timeline);
        Announced = kept.Announced;
        State = kept.State;
        QuietSince = kept.QuietSince;
        LastFiringAt = kept.LastFiringAt;
        ResolvedAt = kept.ResolvedAt;
        foreach (var alert in kept.Alerts)
        {
            Alerts[alert.Fingerprint] = alert;
            JoinOrder.Add(alert.Fingerprint);
            if (State == IncidentState.Open && alert.State == AlertState.Firing)
            {
                Carried[alert.Fingerprint] = false;
            }
        }

        if (!Alerts.ContainsKey(RootFingerprint))
        {
            throw new FormatException($"incident {Id}: its root cause {RootFingerprint} is not one of its alerts");
        }
    }

    /// <summary>See <see cref="IdFor"/>. Until the incident is announced it follows the root cause (set by the tracker).</summary>
    public string Id { get; set; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Creation order inside the tracker: of two incidents holding one alert, the later one is its current one.</summary>
    public long Sequence { get; }

    /// <summary>Latest alert of this incident, by fingerprint, in the order they joined.</summary>
    public Dictionary<string, AlertReport> Alerts { get; } = new(StringComparer.Ordinal);

    public List<string> JoinOrder { get; } = [];

    public string RootFingerprint { get; set; }

    public IncidentTimeline Timeline { get; }

    /// <summary>
    /// Alerts firing when the monitor last stopped that this run has not confirmed yet, by fingerprint; the value says
    /// whether this run's rules hold them pending (the condition is there again, waiting out its <c>for</c>).
    /// </summary>
    public Dictionary<string, bool> Carried { get; } = new(StringComparer.Ordinal);

    public bool Announced { get; set; }

    public IncidentState State { get; set; } = IncidentState.Open;

    /// <summary>Set while every alert has resolved but the resolve hold has not passed.</summary>
    public DateTimeOffset? QuietSince { get; set; }

    public DateTimeOffset LastFiringAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public AlertReport Root => Alerts[RootFingerprint];

    public bool AnyFiring => Alerts.Values.Any(a => a.State == AlertState.Firing);

    /// <summary>Firing as this run has seen it: what may be announced (a carried-over alert is not, until it fires again).</summary>
    public bool AnyConfirmedFiring => Alerts.Values.Any(a => a.State == AlertState.Firing && !Carried.ContainsKey(a.Fingerprint));

    /// <summary>The worst of the alerts still firing (of all, once none fires): a page whose cause cleared, leaving warnings, is a warning.</summary>
    public Severity Severity
    {
        get
        {
            var relevant = AnyFiring ? Alerts.Values.Where(a => a.State == AlertState.Firing) : Alerts.Values;
            return relevant.Any(a => a.Severity == Severity.Page) ? Severity.Page : Severity.Warning;
        }
    }

    public IncidentSnapshot ToSnapshot() => new()
    {
        Seq = Sequence,
        Id = Id,
        StartedAt = StartedAt,
        Alerts = [.. JoinOrder.Select(f => Alerts[f])],
        RootFingerprint = RootFingerprint,
        Timeline = Timeline.ToSnapshot(),
        Announced = Announced,
        State = State,
        QuietSince = QuietSince,
        LastFiringAt = LastFiringAt,
        ResolvedAt = ResolvedAt,
    };

    /// <summary>
    /// Stable once announced, and derived from nothing but the cluster of the root cause at announcement (kind and
    /// name: no time, no process, no alert name or member), so that two monitors of an HA pair, and a monitor
    /// restarted on an empty state file, arrive at the same id whichever of the cluster's alerts confirms first on
    /// each (a member down a round before the quorum loss it belongs to). One cluster never has two open incidents
    /// (its alerts are always related), which keeps the id unique among open incidents; <c>docs/architecture.md</c>
    /// has the whole rule.
    /// </summary>
    public static string IdFor(AlertReport root) =>
        "inc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{root.Kind}/{root.Cluster}")))[..12];
}
