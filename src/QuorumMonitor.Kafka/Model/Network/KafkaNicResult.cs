using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Kafka.Model.Network;

/// <summary>One read of one broker's NIC counters, assessed against the broker's rate history.</summary>
public sealed record KafkaNicResult : ProbeResult
{
    public required int BrokerId { get; init; }

    /// <summary>The node_exporter URL or Prometheus instance read.</summary>
    public required string Source { get; init; }

    /// <summary>Null until two samples gave a rate, or when the read failed.</summary>
    public NicAssessment? Assessment { get; init; }

    public string? Error { get; init; }

    public override string Outcome => Error is null ? "ok" : "error";
}
