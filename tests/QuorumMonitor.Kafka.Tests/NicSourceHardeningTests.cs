using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Kafka.Model.Network;
using QuorumMonitor.Runtime;
using QuorumMonitor.Kafka.Probes.Network;
using QuorumMonitor.Kafka;
using QuorumMonitor.Kafka.Probes;

namespace QuorumMonitor.Kafka.Tests;

/// <summary>
/// Issue 12: a NIC source that answers garbage (NaN counters), too much (an endless body) or elsewhere (a redirect)
/// fails its own probe with a message saying so, and never crashes the monitor or fills its memory.
/// </summary>
public sealed class NicSourceHardeningTests : IDisposable
{
    private readonly ServiceProvider _services = Register(new ServiceCollection()).BuildServiceProvider();

    private static ServiceCollection Register(ServiceCollection services)
    {
        new KafkaKind().Register(services, new MonitorConfig());
        return services;
    }

    private HttpClient Http => _services.GetRequiredService<IHttpClientFactory>().CreateClient(KafkaKind.NicHttpClient);

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData("NaN")]
    [InlineData("+Inf")]
    [InlineData("-Inf")]
    [InlineData("-5")]
    public void A_counter_that_is_not_a_finite_number_is_rejected_and_named(string bad)
    {
        var text = $"node_network_transmit_bytes_total{{device=\"eth0\"}} {bad}\nnode_network_receive_bytes_total{{device=\"eth0\"}} 100\n";

        var values = NodeExporterText.Read(text, "eth0", out var devices, out var rejected);
        var ex = Assert.Throws<NicSourceException>(() => NicSamples.From(values, DateTimeOffset.UnixEpoch, "eth0", devices, "http://n/metrics", rejected));

        Assert.False(values.ContainsKey(NodeExporterText.Transmit));
        Assert.Equal(100, values[NodeExporterText.Receive]);
        Assert.Equal(bad, rejected[NodeExporterText.Transmit]);
        Assert.Contains($"reported {bad} for node_network_transmit_bytes_total of device 'eth0'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nan_speed_is_treated_as_unknown_capacity_not_as_a_number()
    {
        var text = "node_network_transmit_bytes_total{device=\"eth0\"} 1\nnode_network_receive_bytes_total{device=\"eth0\"} 2\nnode_network_speed_bytes{device=\"eth0\"} NaN\n";

        var values = NodeExporterText.Read(text, "eth0", out var devices, out var rejected);
        var sample = NicSamples.From(values, DateTimeOffset.UnixEpoch, "eth0", devices, "http://n/metrics", rejected);

        Assert.Null(sample.SpeedBytesPerSecond);
        Assert.Equal(1, sample.TransmitBytes);
    }

    [Fact]
    public async Task A_nan_answer_from_a_real_server_fails_the_probe_with_a_message_and_no_crash()
    {
        await using var server = await RawHttpServer.StartAsync(async (stream, ct) =>
        {
            var body = "node_network_transmit_bytes_total{device=\"eth0\"} NaN\nnode_network_receive_bytes_total{device=\"eth0\"} NaN\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), ct);
        });
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var probe = new KafkaNicProbe(1, new NodeExporterSource(Http, server.Url, "eth0", time), 125_000_000, 0.8, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5), time);

        var first = (KafkaNicResult)await probe.ProbeAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        var second = (KafkaNicResult)await probe.ProbeAsync(CancellationToken.None);

        Assert.Contains("reported NaN for node_network_transmit_bytes_total", first.Error, StringComparison.Ordinal);
        Assert.Null(first.Assessment);
        Assert.Contains("reported NaN", second.Error, StringComparison.Ordinal);
        Assert.Null(second.Assessment);
    }

    [Fact]
    public async Task An_endless_body_is_cut_at_the_limit_and_fails_the_probe()
    {
        long sent = 0;
        await using var server = await RawHttpServer.StartAsync(async (stream, ct) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
            var line = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("node_network_transmit_bytes_total{device=\"eth0\"} 1\n", 1000)));
            while (!ct.IsCancellationRequested)
            {
                await stream.WriteAsync(line, ct);
                Interlocked.Add(ref sent, line.Length);
            }
        });
        var time = new FakeTimeProvider();
        var probe = new KafkaNicProbe(1, new NodeExporterSource(Http, server.Url, "eth0", time), null, 0.8, TimeSpan.FromHours(1), TimeSpan.FromSeconds(5), time);

        var result = (KafkaNicResult)await probe.ProbeAsync(CancellationToken.None);

        Assert.Contains("answered more than 4 MiB", result.Error, StringComparison.Ordinal);
        Assert.Null(result.Assessment);
        await server.DisposeAsync();
        Assert.InRange(Interlocked.Read(ref sent), BoundedBody.MaxBytes, 64L * 1024 * 1024);
    }

    [Fact]
    public async Task A_declared_oversized_body_is_refused_before_it_is_read()
    {
        await using var server = await RawHttpServer.StartAsync(async (stream, ct) =>
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {BoundedBody.MaxBytes + 1}\r\nConnection: close\r\n\r\nx"), ct));

        var ex = await Assert.ThrowsAsync<NicSourceException>(() => new PrometheusSource(Http, server.Url, "broker-1:9100", "eth0").ReadAsync(CancellationToken.None));

        Assert.Contains("answered more than 4 MiB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        var followed = 0;
        await using var target = await RawHttpServer.StartAsync(async (stream, ct) =>
        {
            Interlocked.Increment(ref followed);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), ct);
        });
        await using var server = await RawHttpServer.StartAsync(async (stream, ct) =>
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 302 Found\r\nLocation: {target.Url}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), ct));

        var ex = await Assert.ThrowsAsync<NicSourceException>(() => new NodeExporterSource(Http, server.Url, "eth0", new FakeTimeProvider()).ReadAsync(CancellationToken.None));

        Assert.Contains("answered HTTP 302", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref followed));
    }

    /// <summary>A loopback server that answers every connection with a scripted raw HTTP response.</summary>
    private sealed class RawHttpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        // Not disposed: a handler still running may read its token; it holds no unmanaged resource once cancelled.
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        private RawHttpServer(TcpListener listener, Func<NetworkStream, CancellationToken, Task> respond)
        {
            _listener = listener;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try
                    {
                        client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            var stream = client.GetStream();
                            try
                            {
                                await ReadRequestAsync(stream, _stop.Token);
                                await respond(stream, _stop.Token);
                            }
                            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
                            {
                                // The client hung up (as it should on an endless body) or the test ended.
                            }
                        }
                    });
                }
            });
        }

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/metrics");

        public static Task<RawHttpServer> StartAsync(Func<NetworkStream, CancellationToken, Task> respond)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return Task.FromResult(new RawHttpServer(listener, respond));
        }

        public async ValueTask DisposeAsync()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
        }

        private static async Task ReadRequestAsync(NetworkStream stream, CancellationToken ct)
        {
            var seen = new List<byte>();
            var one = new byte[1];
            while (await stream.ReadAsync(one, ct) == 1)
            {
                seen.Add(one[0]);
                if (seen.Count >= 4 && seen[^4] == '\r' && seen[^3] == '\n' && seen[^2] == '\r' && seen[^1] == '\n')
                {
                    return;
                }
            }
        }
    }
}
