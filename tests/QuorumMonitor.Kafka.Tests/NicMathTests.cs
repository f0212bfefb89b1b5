using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

public class NicMathTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rates_come_from_counter_differences_and_a_counter_reset_yields_no_rate()
    {
        var history = new NicHistory(TimeSpan.FromDays(1));
        Assert.Null(history.Add(new NicSample(T0, 1_000, 500, null)));
        var rate = history.Add(new NicSample(T0.AddSeconds(10), 11_000, 1_500, null));
        Assert.Equal(1_000, rate!.Value.TransmitBps);
        Assert.Equal(100, rate.Value.ReceiveBps);
        Assert.Null(history.Add(new NicSample(T0.AddSeconds(20), 10, 10, null)));
        Assert.NotNull(history.Add(new NicSample(T0.AddSeconds(30), 20, 20, null)));
    }

    [Fact]
    public void History_keeps_only_the_forecast_window()
    {
        var history = new NicHistory(TimeSpan.FromHours(1));
        for (var i = 0; i <= 240; i++)
        {
            history.Add(new NicSample(T0.AddMinutes(i), i * 1e6, i * 1e5, null));
        }

        Assert.InRange(history.Points[0].AtMs, T0.AddMinutes(180).ToUnixTimeMilliseconds(), T0.AddMinutes(181).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Least_squares_recovers_a_line()
    {
        double[] x = [0, 1, 2, 3, 4];
        double[] y = [3, 5, 7, 9, 11];
        var fit = LeastSquares.Fit(x, y)!.Value;
        Assert.Equal(2, fit.Slope, 9);
        Assert.Equal(3, fit.Intercept, 9);
        Assert.Null(LeastSquares.Fit([1, 1], [1, 2]));
    }

    [Fact]
    public void A_linear_ramp_is_forecast_to_reach_the_limit_when_it_will()
    {
        // 100 bytes/s growing by 1 byte/s every second; the limit 400 is 300 s after the last point.
        var points = Enumerable.Range(0, 10).Select(i => new NicRatePoint(i * 1_000, 100 + i, 10)).ToList();
        var seconds = SaturationForecast.SecondsToLimit(points, 400, nowMs: 9_000);
        Assert.Equal(291, seconds!.Value, 6);
    }

    [Fact]
    public void Flat_or_falling_traffic_or_too_few_points_has_no_forecast()
    {
        var flat = Enumerable.Range(0, 10).Select(i => new NicRatePoint(i * 1_000, 100, 100)).ToList();
        var falling = Enumerable.Range(0, 10).Select(i => new NicRatePoint(i * 1_000, 100 - i, 100 - i)).ToList();
        var few = flat.Take(SaturationForecast.MinPoints - 1).ToList();
        Assert.Null(SaturationForecast.SecondsToLimit(flat, 400, 9_000));
        Assert.Null(SaturationForecast.SecondsToLimit(falling, 400, 9_000));
        Assert.Null(SaturationForecast.SecondsToLimit(few, 400, 9_000));
        Assert.Equal(0, SaturationForecast.SecondsToLimit(flat, 50, 9_000));
    }

    [Fact]
    public void Losing_one_of_three_equal_brokers_moves_half_its_egress_to_each_survivor()
    {
        static NicAssessment Broker(int id, double mbps) => new(id, mbps * 125_000, 20 * 125_000, 300 * 125_000, "config", 0.8, null);

        var safe = BrokerLossHeadroom.Evaluate([Broker(1, 150), Broker(2, 150), Broker(3, 150)]);
        Assert.All(safe, i => Assert.False(i.Cascades));
        Assert.Equal(1 - (225.0 / 240), safe[0].HeadroomRatio, 9);

        var tight = BrokerLossHeadroom.Evaluate([Broker(1, 170), Broker(2, 170), Broker(3, 170)]);
        Assert.All(tight, i => Assert.True(i.Cascades));
        Assert.All(tight, i => Assert.Equal(255 * 125_000, i.PredictedSurvivorBps, 3));
    }

    [Fact]
    public void The_broker_whose_loss_cascades_is_the_one_whose_egress_lands_on_the_busiest_survivor()
    {
        static NicAssessment Broker(int id, double mbps) => new(id, mbps * 125_000, 20 * 125_000, 300 * 125_000, "config", 0.8, null);

        var impacts = BrokerLossHeadroom.Evaluate([Broker(1, 100), Broker(2, 100), Broker(3, 200)]);

        Assert.False(impacts.Single(i => i.FailedBroker == 3).Cascades);
        var loseOne = impacts.Single(i => i.FailedBroker == 1);
        Assert.True(loseOne.Cascades);
        Assert.Equal(3, loseOne.WorstSurvivor);
        Assert.Empty(BrokerLossHeadroom.Evaluate([Broker(1, 100)]));
    }
}
