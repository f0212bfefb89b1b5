using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Lab;
using QuorumMonitor.Lab.Kafka;
using QuorumMonitor.Lab.Processes;
using QuorumMonitor.Kafka.Probes.Network;
using QuorumMonitor.Kafka;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>NIC counters from the real node_exporter on loopback, directly and through the real Prometheus scraping it.</summary>
public sealed class NicSourcesLiveTests(NicSourcesLiveTests.Servers servers) : IClassFixture<NicSourcesLiveTests.Servers>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly NodeExporterServer _node = servers.Node;
    private readonly PrometheusServer _prometheus = servers.Prometheus;

    [Fact]
    public async Task Node_exporter_counters_give_loopback_rates_against_the_configured_capacity()
    {
        var source = new NodeExporterSource(_http, _node.MetricsUrl, "lo", TimeProvider.System);
        var probe = new KafkaNicProbe(1, source, capacityBps: 1000 * 125_000, threshold: 0.8, TimeSpan.FromHours(1), TimeSpan.FromSeconds(2), TimeProvider.System);

        var first = (KafkaNicResult)await probe.ProbeAsync(CancellationToken.None);
        await Task.Delay(1100);
        var second = (KafkaNicResult)await probe.ProbeAsync(CancellationToken.None);

        Assert.Null(first.Error);
        Assert.Null(first.Assessment);
        Assert.Null(second.Error);
        var a = second.Assessment!;
        Assert.True(a.TransmitBps > 0, "the first scrape's own response crossed lo");
        Assert.Equal(a.TransmitBps, a.ReceiveBps, 6);
        Assert.Equal("config", a.CapacitySource);
        Assert.InRange(a.Utilization!.Value, double.Epsilon, 0.01);
    }

    [Fact]
    public async Task A_device_node_exporter_does_not_have_is_an_error_naming_the_devices_it_has()
    {
        var source = new NodeExporterSource(_http, _node.MetricsUrl, "nonexistent0", TimeProvider.System);
        var ex = await Assert.ThrowsAsync<NicSourceException>(() => source.ReadAsync(CancellationToken.None));
        Assert.Contains("lo", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prometheus_query_api_gives_the_same_counters_with_their_scrape_timestamps()
    {
        var source = new PrometheusSource(_http, _prometheus.Url, _node.Instance, "lo");
        var first = await ReadWhenScrapedAsync(source, after: null);
        var second = await ReadWhenScrapedAsync(source, after: first.At);

        Assert.True(second.TransmitBytes > first.TransmitBytes, "Prometheus's own scrapes cross lo");
        Assert.InRange(second.At - first.At, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
        Assert.InRange(DateTimeOffset.UtcNow - second.At, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        var direct = await new NodeExporterSource(_http, _node.MetricsUrl, "lo", TimeProvider.System).ReadAsync(CancellationToken.None);
        Assert.True(direct.TransmitBytes >= second.TransmitBytes, "node_exporter's live counter is at or past what Prometheus scraped");

        var probe = new KafkaNicProbe(1, source, 1000 * 125_000, 0.8, TimeSpan.FromHours(1), TimeSpan.FromSeconds(2), TimeProvider.System);
        await probe.ProbeAsync(CancellationToken.None);
        await Task.Delay(1500);
        var result = (KafkaNicResult)await probe.ProbeAsync(CancellationToken.None);
        Assert.Null(result.Error);
        Assert.True(result.Assessment!.TransmitBps > 0);
    }

    [Fact]
    public async Task An_instance_Prometheus_does_not_scrape_is_an_error_not_a_zero()
    {
        var source = new PrometheusSource(_http, _prometheus.Url, "10.9.9.9:9100", "lo");
        await Assert.ThrowsAsync<NicSourceException>(() => source.ReadAsync(CancellationToken.None));
    }

    public void Dispose() => _http.Dispose();

    private static async Task<NicSample> ReadWhenScrapedAsync(PrometheusSource source, DateTimeOffset? after)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                var sample = await source.ReadAsync(CancellationToken.None);
                if (after is null || sample.At > after)
                {
                    return sample;
                }
            }
            catch (NicSourceException)
            {
                // No scrape stored yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("Prometheus stored no new scrape of node_exporter");
    }

    /// <summary>One node_exporter and one Prometheus scraping it every second, shared by the tests (they only read).</summary>
    public sealed class Servers : IAsyncLifetime, IDisposable
    {
        private readonly LabDirectory _directory = new();
        private readonly FreePorts _ports = new();

        public NodeExporterServer Node { get; private set; } = null!;

        public PrometheusServer Prometheus { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Node = await NodeExporterServer.StartAsync(_ports, _directory, CancellationToken.None);
            Prometheus = await PrometheusServer.StartAsync([Node.Instance], _ports, _directory, CancellationToken.None);
        }

        // xunit also calls Dispose; cleanup happens there once.
        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose()
        {
            Prometheus?.Dispose();
            Node?.Dispose();
            _directory.Dispose();
        }
    }
}
