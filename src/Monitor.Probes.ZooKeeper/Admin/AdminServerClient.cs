using System.Net;
using System.Text.Json;
using Monitor.Probes.ZooKeeper.FourLetterWords;

namespace Monitor.Probes.ZooKeeper.Admin;

/// <summary>ZooKeeper's AdminServer (Jetty, <c>/commands/&lt;name&gt;</c>): the same facts as mntr, over HTTP.</summary>
public sealed class AdminServerClient(HttpClient http)
{
    /// <returns>The mntr facts, or null when the server answered that it is not serving (3.8 answers mntr with HTTP 500).</returns>
    public async Task<MntrAnswer?> MntrAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(baseUrl, "commands/mntr"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
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
}
