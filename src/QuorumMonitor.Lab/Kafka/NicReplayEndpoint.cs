using System.Globalization;
using System.Net;
using System.Text;
using QuorumMonitor.Lab.Processes;

namespace QuorumMonitor.Lab.Kafka;

/// <summary>
/// Serves node_exporter text for several brokers at <c>/broker/{id}/metrics</c>, with NIC counters advanced by a
/// <see cref="TimeProvider"/> along each broker's <see cref="NicReplayProfile"/>: creeping traffic replayed over days of
/// simulated time in a second of test time. The device reports <c>node_network_speed_bytes</c> −125000, as virtual NICs do,
/// so capacity must come from config.
/// </summary>
public sealed class NicReplayEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IReadOnlyDictionary<int, NicReplayProfile> _brokers;
    private readonly string _device;
    private readonly TimeProvider _time;
    private readonly Task _loop;

    public NicReplayEndpoint(IReadOnlyDictionary<int, NicReplayProfile> brokers, string device, TimeProvider time, FreePorts ports)
    {
        _brokers = brokers;
        _device = device;
        _time = time;
        Port = ports.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri MetricsUrl(int brokerId) => new($"http://127.0.0.1:{Port}/broker/{brokerId}/metrics");

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    public string Exposition(int brokerId)
    {
        var p = _brokers[brokerId];
        var now = _time.GetUtcNow();
        var text = new StringBuilder()
            .Append("# HELP node_network_transmit_bytes_total Network device statistic transmit_bytes.\n")
            .Append("# TYPE node_network_transmit_bytes_total counter\n")
            .Append("node_network_transmit_bytes_total{device=\"lo\"} 1234\n")
            .Append(CultureInfo.InvariantCulture, $"node_network_transmit_bytes_total{{device=\"{_device}\"}} {p.TransmitBytesAt(now):0}\n")
            .Append("# TYPE node_network_receive_bytes_total counter\n")
            .Append("node_network_receive_bytes_total{device=\"lo\"} 1234\n")
            .Append(CultureInfo.InvariantCulture, $"node_network_receive_bytes_total{{device=\"{_device}\"}} {p.ReceiveBytesAt(now):0}\n")
            .Append("# TYPE node_network_speed_bytes gauge\n")
            .Append(CultureInfo.InvariantCulture, $"node_network_speed_bytes{{device=\"{_device}\"}} -125000\n");
        return text.ToString();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            var parts = context.Request.Url?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (parts is ["broker", var idText, "metrics"] && int.TryParse(idText, CultureInfo.InvariantCulture, out var id) && _brokers.ContainsKey(id))
            {
                var body = Encoding.UTF8.GetBytes(Exposition(id));
                response.ContentType = "text/plain; version=0.0.4";
                await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }
}
