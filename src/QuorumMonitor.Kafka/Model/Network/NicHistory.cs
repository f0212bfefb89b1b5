namespace QuorumMonitor.Kafka.Model.Network;

/// <summary>
/// Turns counter samples of one NIC into rates and keeps the rates of the forecast window. A counter that went down
/// (reboot, wrap) or a sample no newer than the previous one yields no rate. Points are kept at least window/2000
/// apart so a long window at a short interval stays small.
/// </summary>
public sealed class NicHistory(TimeSpan window)
{
    private readonly List<NicRatePoint> _points = [];
    private NicSample? _previous;

    public IReadOnlyList<NicRatePoint> Points => _points;

    public NicSample? Latest => _previous;

    /// <returns>The rate since the previous sample; null on the first sample or after a counter reset.</returns>
    public NicRatePoint? Add(NicSample sample)
    {
        var previous = _previous;
        if (previous is not null && sample.At <= previous.At)
        {
            return null;
        }

        _previous = sample;
        if (previous is null || sample.TransmitBytes < previous.TransmitBytes || sample.ReceiveBytes < previous.ReceiveBytes)
        {
            return null;
        }

        var seconds = (sample.At - previous.At).TotalSeconds;
        var point = new NicRatePoint(
            sample.At.ToUnixTimeMilliseconds(),
            (sample.TransmitBytes - previous.TransmitBytes) / seconds,
            (sample.ReceiveBytes - previous.ReceiveBytes) / seconds);
        var spacingMs = (long)(window.TotalMilliseconds / 2000);
        if (_points.Count > 1 && point.AtMs - _points[^2].AtMs < spacingMs)
        {
            _points[^1] = point;
        }
        else
        {
            _points.Add(point);
        }

        var oldest = point.AtMs - (long)window.TotalMilliseconds;
        var drop = 0;
        while (drop < _points.Count && _points[drop].AtMs < oldest)
        {
            drop++;
        }

        _points.RemoveRange(0, drop);
        return point;
    }
}
