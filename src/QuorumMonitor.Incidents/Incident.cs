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
        Id = IdFor(first.Fingerprint);
        StartedAt = now;
        LastFiringAt = now;
        RootFingerprint = first.Fingerprint;
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

    public IncidentTimeline Timeline { get; } = new();

    public bool Announced { get; set; }

    public IncidentState State { get; set; } = IncidentState.Open;

    /// <summary>Set while every alert has resolved but the resolve hold has not passed.</summary>
    public DateTimeOffset? QuietSince { get; set; }

    public DateTimeOffset LastFiringAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public AlertReport Root => Alerts[RootFingerprint];

    public bool AnyFiring => Alerts.Values.Any(a => a.State == AlertState.Firing);

    /// <summary>The worst of the alerts still firing (of all, once none fires): a page whose cause cleared, leaving warnings, is a warning.</summary>
    public Severity Severity
    {
        get
        {
            var relevant = AnyFiring ? Alerts.Values.Where(a => a.State == AlertState.Firing) : Alerts.Values;
            return relevant.Any(a => a.Severity == Severity.Page) ? Severity.Page : Severity.Warning;
        }
    }

    /// <summary>
    /// Stable once announced and derived from the root cause at announcement, so a restarted monitor that sees the
    /// same ongoing failure arrives at the same id even when a symptom confirms before the cause (the start-up hold
    /// lets the cause take the root first): delivery then recognises it and does not page again.
    /// </summary>
    public static string IdFor(string rootFingerprint) =>
        "inc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rootFingerprint)))[..12];
}
