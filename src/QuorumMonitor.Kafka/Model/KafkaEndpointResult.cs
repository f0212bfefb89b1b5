using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Kafka.Model;

/// <summary>One probe of every advertised broker endpoint known from the latest metadata.</summary>
public sealed record KafkaEndpointResult : ProbeResult
{
    public IReadOnlyList<KafkaEndpointCheck> Checks { get; init; } = [];

    /// <summary>Set when the whole probe failed (for example, it ran out of time).</summary>
    public string? Error { get; init; }

    public override string Outcome => Error is null ? "ok" : "error";
}
