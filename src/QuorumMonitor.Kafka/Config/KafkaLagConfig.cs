using QuorumMonitor.Core.Config;
namespace QuorumMonitor.Kafka.Config;

/// <summary>The <c>lag:</c> settings of a Kafka cluster.</summary>
public sealed record KafkaLagConfig
{
    /// <summary>A group is lagging (warning) once its oldest unconsumed message is older than this.</summary>
    public TimeSpan Threshold { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Offset observations per partition in the sliding window that decides WARN, STALL and STOP (Burrow's <c>intervals</c>).</summary>
    public int WindowRounds { get; init; } = 10;

    /// <summary>Whether to add groups that ListGroups reports to the configured ones.</summary>
    public bool DiscoverGroups { get; init; } = true;
}
