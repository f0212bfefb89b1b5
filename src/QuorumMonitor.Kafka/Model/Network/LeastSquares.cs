namespace QuorumMonitor.Kafka.Model.Network;

/// <summary>An ordinary least-squares line y = intercept + slope·x.</summary>
public readonly record struct LeastSquares(double Slope, double Intercept)
{
    /// <returns>Null with fewer than two distinct x values.</returns>
    public static LeastSquares? Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        if (n < 2 || y.Length != n)
        {
            return null;
        }

        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }

        meanX /= n;
        meanY /= n;
        double sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - meanX;
            sxx += dx * dx;
            sxy += dx * (y[i] - meanY);
        }

        if (sxx <= 0)
        {
            return null;
        }

        var slope = sxy / sxx;
        return new LeastSquares(slope, meanY - (slope * meanX));
    }

    public double At(double x) => Intercept + (Slope * x);
}
