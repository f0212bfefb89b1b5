using System.Text.Json.Serialization;

namespace QuorumMonitor.Core.Model;

/// <summary>One member of a cluster as shown in <c>monitor check</c> JSON and <c>/api/v1/status</c>.</summary>
public sealed class MemberReport
{
    public required string Address { get; init; }
    public required string State { get; init; }
    public string? Role { get; init; }
    public string? Error { get; init; }

    /// <summary>Kind-specific facts, written next to the fixed fields.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?> Details { get; init; } = [];
}
