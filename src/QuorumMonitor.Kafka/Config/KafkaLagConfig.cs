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

    /// <summary>
    /// A discovered group is judged only while active: its commits advanced within this long. One with a backlog and no
    /// advancing commits is abandoned (listed, never alerting). Configured groups are always judged.
    /// </summary>
    public TimeSpan ActiveWithin { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Most first-unconsumed-message timestamps fetched per round (one record each, each position read once); lagging
    /// partitions beyond it are read on later rounds and interpolated meanwhile. 0 turns timestamp lookups off.
    /// </summary>
    public int TimestampLookups { get; init; } = 1000;

    /// <summary>
    /// A group/topic the lag unit stops reporting (group deleted, topic removed) loses its series after this long, so a
    /// vanished group is not a stale "lag" forever.
    /// </summary>
    public TimeSpan SeriesGrace { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Most groups exported as series per cluster (configured ones first, then those not ok, then by name).</summary>
    public int MaxGroups { get; init; } = 500;

    /// <summary>Most topics exported as series per group (those not ok first, then by name).</summary>
    public int MaxTopicsPerGroup { get; init; } = 100;
}
