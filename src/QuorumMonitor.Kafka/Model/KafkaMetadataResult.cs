using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Kafka.Model;

/// <summary>One probe of cluster metadata, with the broker ids the cluster is expected to have.</summary>
public sealed record KafkaMetadataResult : ProbeResult
{
    /// <summary>Null when no broker answered a metadata request.</summary>
    public KafkaMetadataSnapshot? Metadata { get; init; }

    public string? Error { get; init; }

    public override string Outcome => Error is null ? "ok" : "error";

    /// <summary>Brokers seen before, configured, or named as replicas: a broker missing from this set's live part is down.</summary>
    public IReadOnlyList<int> ExpectedBrokerIds { get; init; } = [];

    /// <summary>The last advertised endpoint of every broker seen, so a broker that is down is still named by address.</summary>
    public IReadOnlyList<KafkaBroker> KnownBrokers { get; init; } = [];

    /// <summary>From DescribeCluster; null where the brokers do not implement it.</summary>
    public int? ControllerId { get; init; }

    /// <summary>Admin APIs the brokers did not answer and what the probe did instead, for the report.</summary>
    public IReadOnlyList<string> Fallbacks { get; init; } = [];
}
