namespace QuorumMonitor.Core.Model;

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

    /// <summary>Identity across rounds: alert name, cluster and labels.</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>The incident this alert belongs to, once it fired.</summary>
    public string? Incident { get; init; }

    /// <summary>Set on symptoms: the root-cause alert (<c>Name{kind/cluster}</c>) whose incident they are muted in.</summary>
    public string? CausedBy { get; init; }

    /// <summary>Short identity for humans: <c>Name{kind/cluster,label=value}</c>.</summary>
    public string Key => Labels.Count == 0
        ? $"{Name}{{{Kind}/{Cluster}}}"
        : $"{Name}{{{Kind}/{Cluster},{string.Join(',', Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}}}";
}
