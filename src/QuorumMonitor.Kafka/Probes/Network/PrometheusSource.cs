using System.Globalization;
using System.Text.Json;
using QuorumMonitor.Kafka.Model.Network;

namespace QuorumMonitor.Kafka.Probes.Network;

/// <summary>
/// Reads a broker's NIC counters from Prometheus's query API. It asks for the raw samples of the last minutes (a range
/// selector) and takes the newest of each series with its own timestamp: an instant query would stamp values with the
/// query time, and rates computed from them would be wrong by the scrape jitter.
/// </summary>
public sealed class PrometheusSource(HttpClient http, Uri prometheus, string instance, string device) : INicSampleSource
{
    public string Description => $"{prometheus} instance={instance}";

    public async Task<NicSample> ReadAsync(CancellationToken cancellationToken)
    {
        var selector = $"{{__name__=~\"{NodeExporterText.Transmit}|{NodeExporterText.Receive}|{NodeExporterText.Speed}\",instance=\"{Escape(instance)}\",device=\"{Escape(device)}\"}}[5m]";
        var url = new Uri(prometheus, "api/v1/query?query=" + Uri.EscapeDataString(selector));
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await BoundedBody.ReadAsync(response, $"Prometheus {prometheus}", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new NicSourceException($"Prometheus {prometheus} answered HTTP {(int)response.StatusCode}: {Truncate(body)}");
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var rejected = new Dictionary<string, string>(StringComparer.Ordinal);
        DateTimeOffset? at = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var series in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                var name = series.GetProperty("metric").GetProperty("__name__").GetString() ?? "";
                var samples = series.GetProperty("values");
                if (samples.GetArrayLength() == 0)
                {
                    continue;
                }

                var newest = samples[samples.GetArrayLength() - 1];
                var valueText = newest[1].GetString() ?? "";
                var value = double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!NodeExporterText.IsUsable(value))
                {
                    rejected[name] = NodeExporterText.Printable(valueText);
                    continue;
                }

                values[name] = value;
                if (name != NodeExporterText.Speed)
                {
                    var stamp = DateTimeOffset.FromUnixTimeMilliseconds((long)(newest[0].GetDouble() * 1000));
                    at = at is null || stamp < at ? stamp : at;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new NicSourceException($"Prometheus {prometheus} answered something that is not a range-vector result: {ex.Message}", ex);
        }

        return NicSamples.From(values, at ?? DateTimeOffset.UnixEpoch, device, [], Description, rejected);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
