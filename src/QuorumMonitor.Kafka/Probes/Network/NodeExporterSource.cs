using QuorumMonitor.Kafka.Model.Network;

namespace QuorumMonitor.Kafka.Probes.Network;

/// <summary>Scrapes a node_exporter <c>/metrics</c> endpoint; the sample time is when the answer arrived.</summary>
public sealed class NodeExporterSource(HttpClient http, Uri url, string device, TimeProvider time) : INicSampleSource
{
    public string Description => url.ToString();

    public async Task<NicSample> ReadAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new NicSourceException($"{url} answered HTTP {(int)response.StatusCode}");
        }

        var text = await BoundedBody.ReadAsync(response, url.ToString(), cancellationToken).ConfigureAwait(false);
        var at = time.GetUtcNow();
        var values = NodeExporterText.Read(text, device, out var devices, out var rejected);
        return NicSamples.From(values, at, device, devices, url.ToString(), rejected);
    }
}
