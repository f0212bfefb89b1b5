namespace QuorumMonitor.Cli.Drills;

/// <summary>One channel's answers to the route test: accepted or not, and how long each request took.</summary>
public sealed record RouteTestResult(string Channel, string Kind, bool TriggerAccepted, double TriggerSeconds, string TriggerDetail,
    bool ResolveAccepted, double ResolveSeconds, string ResolveDetail)
{
    public bool Passed => TriggerAccepted && ResolveAccepted;
}
