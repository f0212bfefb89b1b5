using QuorumMonitor.Core.Config;
namespace QuorumMonitor.Kafka.Config;

/// <summary>The <c>network:</c> settings of a Kafka cluster: where each broker's NIC counters come from and its limits.</summary>
public sealed record KafkaNetworkConfig
{
    /// <summary>Usable NIC bandwidth per broker in Mbit/s; wins over <c>node_network_speed_bytes</c> (cloud limits are below link speed).</summary>
    public double? CapacityMbps { get; init; }

    /// <summary>Share of capacity treated as the limit (Cruise Control's <c>network.outbound.capacity.threshold</c>).</summary>
    public double Threshold { get; init; } = 0.8;

    /// <summary>The network device whose counters are read, as node_exporter labels it.</summary>
    public string Device { get; init; } = "eth0";

    /// <summary>A saturation forecast closer than this is a warning.</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How much rate history the least-squares forecast fits.</summary>
    public TimeSpan ForecastWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Per broker id: a node_exporter <c>/metrics</c> URL, or with <see cref="PrometheusUrl"/> the node's <c>instance</c> label.</summary>
    public required IReadOnlyDictionary<int, string> Brokers { get; init; }

    /// <summary>A Prometheus server to query instead of scraping node_exporter directly.</summary>
    public Uri? PrometheusUrl { get; init; }

    public double? CapacityBytesPerSecond => CapacityMbps * 125_000;
}
