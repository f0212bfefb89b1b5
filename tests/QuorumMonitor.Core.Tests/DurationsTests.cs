using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Core.Tests;

public class DurationsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2000)]
    [InlineData("1m30s", 90000)]
    [InlineData("1h", 3600000)]
    [InlineData("7d", 604800000)]
    public void Parses_prometheus_style_durations(string text, long ms)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(ms, (long)value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("5 seconds")]
    [InlineData("-1s")]
    [InlineData("99999999999999999999d")]
    public void Rejects_what_is_not_a_duration(string text) => Assert.False(Durations.TryParse(text, out _));
}
