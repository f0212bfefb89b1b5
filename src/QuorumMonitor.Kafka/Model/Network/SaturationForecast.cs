namespace QuorumMonitor.Kafka.Model.Network;

/// <summary>
/// When a NIC's traffic reaches its limit if the trend of the window continues: a least-squares line through the rate
/// points of each direction, solved for the limit. No forecast on too little history or a flat or falling trend.
/// </summary>
public static class SaturationForecast
{
    /// <summary>Fewer points than this are noise, not a trend.</summary>
    public const int MinPoints = 5;

    /// <returns>Seconds from <paramref name="nowMs"/> until the sooner direction reaches the limit; 0 when already there.</returns>
    public static double? SecondsToLimit(IReadOnlyList<NicRatePoint> points, double limitBps, long nowMs)
    {
        var tx = SecondsToLimit(points, p => p.TransmitBps, limitBps, nowMs);
        var rx = SecondsToLimit(points, p => p.ReceiveBps, limitBps, nowMs);
        return tx is null ? rx : rx is null ? tx : Math.Min(tx.Value, rx.Value);
    }

    public static double? SecondsToLimit(IReadOnlyList<NicRatePoint> points, Func<NicRatePoint, double> rate, double limitBps, long nowMs)
    {
        if (points.Count < MinPoints || limitBps <= 0)
        {
            return null;
        }

        var x = new double[points.Count];
        var y = new double[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            x[i] = (points[i].AtMs - nowMs) / 1000.0;
            y[i] = rate(points[i]);
        }

        if (y[^1] >= limitBps)
        {
            return 0;
        }

        if (LeastSquares.Fit(x, y) is not { } line || line.Slope <= 0)
        {
            return null;
        }

        var now = Math.Max(line.At(0), 0);
        return now >= limitBps ? 0 : (limitBps - now) / line.Slope;
    }
}
