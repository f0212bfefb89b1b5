namespace QuorumMonitor.Core.Config;

/// <summary>A credential read from config (a PagerDuty routing key). Prints as <c>***</c>, so no log, error or record
/// dump can echo it; only a notifier building its request reads <see cref="Reveal"/>.</summary>
public sealed class Secret(string value)
{
    public string Reveal() => value;

    public override string ToString() => "***";
}
