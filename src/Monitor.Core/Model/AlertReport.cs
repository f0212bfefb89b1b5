namespace Monitor.Core.Model;

/// <summary>One pending, firing or recently resolved alert in the status JSON.</summary>
public sealed class AlertReport
{
    public required string Name { get; init; }
    public required Severity Severity { get; init; }
    public required AlertState State { get; init; }
    public required string Kind { get; init; }
    public required string Cluster { get; init; }
    public required string Summary { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset ActiveSince { get; init; }
    public DateTimeOffset? FiringSince { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
}
