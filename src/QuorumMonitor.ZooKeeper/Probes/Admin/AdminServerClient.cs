using System.Net;
using System.Text.Json;
using QuorumMonitor.ZooKeeper.Probes.FourLetterWords;

namespace QuorumMonitor.ZooKeeper.Probes.Admin;

/// <summary>ZooKeeper's AdminServer (Jetty, <c>/commands/&lt;name&gt;</c>): the same facts as mntr, over HTTP.</summary>
public sealed class AdminServerClient(HttpClient http)
{
    /// <summary>A real mntr answer is a few KiB; anything past this is not an AdminServer worth reading.</summary>
    public const int MaxAnswerBytes = 4 << 20;

    /// <summary>
    /// The handler the probe's HttpClient must use: no redirects (a redirect could lead anywhere; the monitor only
    /// talks to the configured address), no proxy, no decompression (the cap counts the bytes on the wire).
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxResponseHeadersLength = 64,
        UseCookies = false,
        UseProxy = false,
    };

    /// <returns>The mntr facts, or null when the server answered that it is not serving (3.8 answers mntr with HTTP 500).</returns>
    /// <exception cref="HttpRequestException">Refused, or a status other than 2xx and 500 (redirects included).</exception>
    /// <exception cref="InvalidDataException">An answer larger than <see cref="MaxAnswerBytes"/>, or not a JSON object.</exception>
    /// <exception cref="JsonException">Not JSON.</exception>
    public async Task<MntrAnswer?> MntrAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(baseUrl, "commands/mntr"), HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"AdminServer answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        var body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(body);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("AdminServer mntr answer is not a JSON object");
        }

        if (doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
            && FourLetterWordAnswers.IsNotServing(error.GetString() ?? ""))
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            values[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString() ?? "",
                JsonValueKind.Number => p.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => p.Value.GetRawText(),
            };
        }

        return new MntrAnswer(values);
    }

    /// <summary>Reads the body up to the cap, whatever Content-Length says (or does not say): an endless body costs 4 MiB.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is > MaxAnswerBytes)
        {
            throw TooLarge();
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            }

            if (buffer.Length + read > MaxAnswerBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private static InvalidDataException TooLarge() =>
        new($"AdminServer answer is larger than {MaxAnswerBytes} bytes (the cap); not read further");
}
