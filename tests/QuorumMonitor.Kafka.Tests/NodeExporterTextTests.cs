using QuorumMonitor.Kafka.Probes.Network;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

public class NodeExporterTextTests
{
    private const string Text = """
        # HELP node_network_receive_bytes_total Network device statistic receive_bytes.
        # TYPE node_network_receive_bytes_total counter
        node_network_receive_bytes_total{device="eth0"} 1.2345e+06
        node_network_receive_bytes_total{device="lo"} 42
        node_network_transmit_bytes_total{device="eth0"} 9.87e+08
        node_network_transmit_bytes_total{device="lo"} 43
        node_network_speed_bytes{device="eth0"} 1.25e+08
        node_network_transmit_errs_total{device="eth0"} 0
        """;

    [Fact]
    public void Reads_the_configured_device_only()
    {
        var values = NodeExporterText.Read(Text, "eth0", out var devices);
        Assert.Equal(1.2345e6, values[NodeExporterText.Receive]);
        Assert.Equal(9.87e8, values[NodeExporterText.Transmit]);
        Assert.Equal(1.25e8, values[NodeExporterText.Speed]);
        Assert.Equal(["eth0", "lo"], devices);
    }

    [Fact]
    public void A_missing_device_is_a_clear_error_listing_the_devices_there_are()
    {
        var values = NodeExporterText.Read(Text, "ens5", out var devices);
        var ex = Assert.Throws<NicSourceException>(() => NicSamples.From(values, DateTimeOffset.UnixEpoch, "ens5", devices, "http://n/metrics"));
        Assert.Contains("'ens5'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("eth0, lo", ex.Message, StringComparison.Ordinal);
    }
}
