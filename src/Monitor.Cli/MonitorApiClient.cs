using System.Net.Http.Json;
using Monitor.Core.Json;
using Monitor.Core.Model;

namespace Monitor.Cli;

/// <summary>Reads a running monitor's API for <c>monitor status</c> and <c>monitor triage</c>.</summary>
public sealed class MonitorApiClient(HttpClient http, Uri baseUrl)
{
    public async Task<StatusReport> StatusAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<StatusReport>(new Uri(baseUrl, "api/v1/status"), MonitorJson.Options, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("the monitor answered an empty status");

    public static Uri Normalize(string url) => new(url.EndsWith('/') ? url : url + "/");
}
