using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using QuorumMonitor.Core.Json;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Cli;

/// <summary>A running monitor's <c>/api/v1/permits</c>, for <c>monitor permit</c>. The token goes in a header, nowhere else.</summary>
public sealed class PermitApiClient(HttpClient http, Uri baseUrl, string? token)
{
    /// <returns>The permit when granted; else the refusal's reason and remedy (409). Any other answer throws.</returns>
    public async Task<(Permit? Permit, string? Refusal, string? Remedy)> AcquireAsync(PermitBody body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "api/v1/permits"))
        {
            Content = JsonContent.Create(body, options: MonitorJson.Compact),
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return (null, doc.RootElement.TryGetProperty("error", out var e) ? e.GetString() : "refused",
                doc.RootElement.TryGetProperty("remedy", out var r) ? r.GetString() : null);
        }

        await ThrowUnlessOkAsync(response, cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<Permit>(MonitorJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("the monitor answered an empty permit"), null, null);
    }

    public async Task<Permit> ReleaseAsync(long id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(baseUrl, $"api/v1/permits/{id}"));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ThrowUnlessOkAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<Permit>(MonitorJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("the monitor answered an empty permit");
    }

    public async Task<IReadOnlyList<Permit>> ListAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, "api/v1/permits"));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ThrowUnlessOkAsync(response, cancellationToken).ConfigureAwait(false);
        var list = await response.Content.ReadFromJsonAsync<PermitList>(MonitorJson.Options, cancellationToken).ConfigureAwait(false);
        return list?.Permits ?? throw new InvalidDataException("the monitor answered an empty permit list");
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http.SendAsync(request, cancellationToken);
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
}

/// <summary>The body of <c>POST /api/v1/permits</c>; <paramref name="Force"/> is sent only when true.</summary>
public sealed record PermitBody(string Cluster, string Member, string? Ttl, string Holder, string Reason, bool? Force = null);

internal sealed record PermitList(IReadOnlyList<Permit> Permits);
