using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Kafka.Probes.Network;

namespace QuorumMonitor.Incidents.Tests.Seeds;

/// <summary>
/// One broker host's node_exporter on fake time: byte counters that grow at the rates the scenario sets, and a
/// refused connection while the host is down.
/// </summary>
internal sealed class SimulatedNodeExporter(string url, TimeProvider time) : INicSampleSource
{
    private const double BytesPerMbit = 125_000;
    private double _transmitBytes = 4e12;
    private double _receiveBytes = 3e11;
    private double _transmitBps;
    private double _receiveBps;
    private DateTimeOffset _countedTo = time.GetUtcNow();

    public string Description => url;

    public bool Down { get; set; }

    public void SetTraffic(double outMbps, double inMbps)
    {
        Count();
        _transmitBps = outMbps * BytesPerMbit;
        _receiveBps = inMbps * BytesPerMbit;
    }

    public Task<NicSample> ReadAsync(CancellationToken cancellationToken)
    {
        Count();
        return Down
            ? Task.FromException<NicSample>(new HttpRequestException($"Connection refused ({new Uri(url).Authority})"))
            : Task.FromResult(new NicSample(_countedTo, _transmitBytes, _receiveBytes, null));
    }

    private void Count()
    {
        var now = time.GetUtcNow();
        var seconds = (now - _countedTo).TotalSeconds;
        _transmitBytes += _transmitBps * seconds;
        _receiveBytes += _receiveBps * seconds;
        _countedTo = now;
    }
}
