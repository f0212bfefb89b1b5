using QuorumMonitor.Core.Config;
using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Lag;
using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Core.Probing;
using QuorumMonitor.Kafka.Probes.Client;
using QuorumMonitor.Kafka.Probes.Network;
using QuorumMonitor.Kafka.Config;

namespace QuorumMonitor.Kafka.Probes;

/// <summary>
/// One configured Kafka cluster. Units, each with its own deadline and timer: metadata, advertised endpoints, consumer
/// lag, and one NIC unit per broker, so a broker whose node_exporter hangs costs only its own NIC reading and a cluster
/// whose brokers stop answering costs only its own units.
/// </summary>
public sealed class KafkaClusterMonitor : IClusterMonitor, IDisposable
{
    private readonly IKafkaAdmin _admin;
    private readonly KafkaClusterSettings _settings;
    private readonly KafkaMetadataProbe _metadata;
    private readonly KafkaEndpointProbe _endpoints;
    private readonly KafkaLagProbe _lag;
    private readonly IReadOnlyList<KafkaNicProbe> _nics;
    private readonly IReadOnlyList<IProbeUnit> _units;

    public KafkaClusterMonitor(KafkaClusterConfig config, MonitorSettings settings, IKafkaAdmin admin, HttpClient? http, TimeProvider time)
    {
        Cluster = new ClusterRef(KafkaKind.KindName, config.Name);
        _admin = admin;
        var deadline = config.Deadline ?? settings.Deadline;
        var state = new KafkaClusterState();
        var network = config.Network;
        _settings = new KafkaClusterSettings(config.Lag.Threshold, network?.Horizon ?? TimeSpan.FromDays(7), config.DependsOn) { Lag = config.Lag, MinInsyncReplicas = config.MinInsyncReplicas };
        _metadata = new KafkaMetadataProbe(admin, state, network?.Brokers.Keys ?? [], config.ForgetBrokersAfter, deadline, time);
        _endpoints = new KafkaEndpointProbe(admin, state, deadline, time);
        _lag = new KafkaLagProbe(admin, state, config, deadline, time);
        _nics = network is null || http is null ? [] : network.Brokers
            .OrderBy(b => b.Key)
            .Select(b => new KafkaNicProbe(b.Key, Source(network, b.Value, http, time), network.CapacityBytesPerSecond, network.Threshold,
                network.ForecastWindow, deadline, time))
            .ToList();
        _units = [_metadata, _endpoints, _lag, .. _nics];
    }

    public ClusterRef Cluster { get; }

    public IReadOnlyList<IProbeUnit> Units => _units;

    public ClusterObservation Assemble(IReadOnlyList<ProbeResult?> results, DateTimeOffset at)
    {
        var metadata = results[0] as KafkaMetadataResult ?? new KafkaMetadataResult
        {
            UnitId = _metadata.Id,
            At = at,
            Duration = TimeSpan.Zero,
            Error = "not probed yet",
        };
        var nics = results.Skip(3).OfType<KafkaNicResult>().ToList();
        return new KafkaClusterObservation(Cluster, at, _settings, metadata, results[1] as KafkaEndpointResult, results[2] as KafkaLagResult, nics);
    }

    public void Dispose() => (_admin as IDisposable)?.Dispose();

    private static INicSampleSource Source(KafkaNetworkConfig network, string target, HttpClient http, TimeProvider time) =>
        network.PrometheusUrl is { } prometheus
            ? new PrometheusSource(http, prometheus, target, network.Device)
            : new NodeExporterSource(http, new Uri(target), network.Device, time);
}
