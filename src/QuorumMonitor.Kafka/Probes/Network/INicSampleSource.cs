using QuorumMonitor.Kafka.Model.Network;

namespace QuorumMonitor.Kafka.Probes.Network;

/// <summary>Where one broker's NIC counters come from: its node_exporter, or a Prometheus that scrapes it.</summary>
public interface INicSampleSource
{
    /// <summary>The URL or instance label, as reports name it.</summary>
    string Description { get; }

    Task<NicSample> ReadAsync(CancellationToken cancellationToken);
}
