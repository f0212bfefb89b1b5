using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Core.Probing;

namespace QuorumMonitor.Kafka.Probes.Network;

/// <summary>
/// One broker's NIC: reads its counters, keeps the rate history and assesses utilization against capacity (configured,
/// else <c>node_network_speed_bytes</c> when positive) and the forecast time to the threshold.
/// </summary>
public sealed class KafkaNicProbe(int brokerId, INicSampleSource source, double? capacityBps, double threshold, TimeSpan window, TimeSpan deadline, TimeProvider time) : IProbeUnit
{
    private readonly NicHistory _history = new(window);
    private readonly Lock _lock = new();
    private NicAssessment? _last;

    public int BrokerId => brokerId;

    public string Id => $"nic-{brokerId}";

    public TimeSpan Deadline => deadline;

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        NicSample sample;
        try
        {
            sample = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or NicSourceException or IOException)
        {
            return Result(at, started, null, ex.Message);
        }

        NicAssessment? assessment;
        lock (_lock)
        {
            // No new rate when the source has no newer sample (Prometheus scrapes slower than we ask): keep the last one.
            var previous = _history.Latest;
            var rate = _history.Add(sample);
            _last = rate is { } r ? Assess(r, sample) : previous is not null && sample.At <= previous.At ? _last : null;
            assessment = _last;
        }

        return Result(at, started, assessment, null);
    }

    public ProbeResult Failed(ProbeFailureKind kind, string message, DateTimeOffset at, TimeSpan elapsed) => new KafkaNicResult
    {
        UnitId = Id,
        At = at,
        Duration = elapsed,
        BrokerId = brokerId,
        Source = source.Description,
        Error = message,
    };

    private NicAssessment Assess(NicRatePoint rate, NicSample sample)
    {
        var (capacity, from) = capacityBps is { } c ? (c, "config")
            : sample.SpeedBytesPerSecond is > 0 and var s ? (s, "node_network_speed_bytes")
            : ((double?)null, (string?)null);
        var toLimit = capacity is { } cap ? SaturationForecast.SecondsToLimit(_history.Points, cap * threshold, rate.AtMs) : null;
        return new NicAssessment(brokerId, rate.TransmitBps, rate.ReceiveBps, capacity, from, threshold, toLimit);
    }

    private KafkaNicResult Result(DateTimeOffset at, long started, NicAssessment? assessment, string? error) => new()
    {
        UnitId = Id,
        At = at,
        Duration = time.GetElapsedTime(started),
        BrokerId = brokerId,
        Source = source.Description,
        Assessment = assessment,
        Error = error,
    };
}
