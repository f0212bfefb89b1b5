using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Kafka.Model.Lag;

/// <summary>One poll of consumer offsets, evaluated against the lag history.</summary>
public sealed record KafkaLagResult : ProbeResult
{
    public IReadOnlyList<KafkaGroupLag> Groups { get; init; } = [];

    /// <summary>Set when offsets could not be read this round; <see cref="Groups"/> is then empty.</summary>
    public string? Error { get; init; }

    public override string Outcome => Error is null ? "ok" : "error";

    /// <summary>Admin APIs the brokers did not answer and what the probe did instead.</summary>
    public IReadOnlyList<string> Fallbacks { get; init; } = [];

    public int Partitions { get; init; }

    /// <summary>This round's fetches of first-unconsumed-message timestamps; null when none was needed.</summary>
    public TimestampLookupStats? TimestampLookups { get; init; }
}
