namespace QuorumMonitor.Core.Model;

public enum IncidentChangeKind
{
    /// <summary>A new incident fires (its root cause is firing): notify.</summary>
    Opened,

    /// <summary>Root cause, severity, symptoms or summary changed while open: re-notify with the same id.</summary>
    Updated,

    /// <summary>Every alert of the incident resolved: send the resolve.</summary>
    Resolved,
}
