using System.Net.Http.Json;
using System.Text.Json;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Core.Model;
using QuorumMonitor.Host;
using QuorumMonitor.Notify.Outbox;

namespace QuorumMonitor.Cli;

/// <summary>A running monitor's API for <c>monitor status</c>, <c>monitor triage</c> and <c>monitor deadletters</c>.</summary>
public sealed class MonitorApiClient(HttpClient http, Uri baseUrl)
{
    public async Task<StatusReport> StatusAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<StatusReport>(new Uri(baseUrl, "api/v1/status"), MonitorJson.Options, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException("the monitor answered an empty status");

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(baseUrl, "api/v1/deadletters"), cancellationToken).ConfigureAwait(false);
        await ThrowUnlessOkAsync(response, cancellationToken).ConfigureAwait(false);
        var list = await response.Content.ReadFromJsonAsync<DeadLetterList>(MonitorJson.Options, cancellationToken).ConfigureAwait(false);
        return list?.DeadLetters ?? throw new InvalidDataException("the monitor answered an empty dead letter list");
    }

    /// <param name="action">retry or drop.</param>
    public async Task DeadLetterActionAsync(long seq, string action, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, $"api/v1/deadletters/{seq}/{action}"));
        request.Headers.Add(DeadLetterEndpoints.ActionHeader, action);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ThrowUnlessOkAsync(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task ThrowUnlessOkAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? error = null;
        try
        {
            error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not the monitor's error document: show the status alone.
        }

        throw new HttpRequestException($"HTTP {(int)response.StatusCode}: {error ?? response.ReasonPhrase}", null, response.StatusCode);
    }

    public static Uri Normalize(string url) => new(url.EndsWith('/') ? url : url + "/");
}

internal sealed record DeadLetterList(IReadOnlyList<DeadLetter> DeadLetters);
