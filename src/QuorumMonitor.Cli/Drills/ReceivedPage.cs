namespace QuorumMonitor.Cli.Drills;

/// <summary>
/// One notification a drill channel saw: when (on the drill's clock), what it said, and whether the channel accepted
/// it (<see cref="Status"/> 2xx; Alertmanager's are read back from its API, so always accepted).
/// </summary>
public sealed record ReceivedPage(string Channel, DateTimeOffset At, string Action, string Incident, string Severity, string RootCause, string RootKind, int Status)
{
    public bool Accepted => Status is >= 200 and < 300;

    /// <summary>The monitor's own incidents (<c>MonitorOverloaded</c> on a loaded machine, <c>AlertDeliveryFailing</c>).</summary>
    public bool AboutMonitor => RootKind == "monitor";
}
