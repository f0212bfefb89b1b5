using System.Text.Json.Serialization;

namespace QuorumMonitor.Core.Model;

/// <summary>One cluster as shown in <c>monitor check</c> JSON and <c>/api/v1/status</c>.</summary>
public sealed class ClusterReport
{
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public required string State { get; init; }
    public IReadOnlyList<MemberReport> Members { get; init; } = [];

    /// <summary>
    /// Set while the monitor cannot trust its own probes (it is overloaded) and this cluster looks unhealthy: what it
    /// shows may be the monitor's lateness, and its pages are held. Null otherwise.
    /// </summary>
    public string? Suspect { get; init; }

    /// <summary>Kind-specific facts (quorum size, fault tolerance, ...), written next to the fixed fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?> Details { get; init; } = [];
}
