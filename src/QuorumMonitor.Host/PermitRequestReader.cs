using System.Text.Json;
using Microsoft.AspNetCore.Http;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Runtime.Permits;

namespace QuorumMonitor.Host;

/// <summary>
/// Reads the body of <c>POST /api/v1/permits</c>: at most <see cref="MaxBodyBytes"/> of JSON, every field checked,
/// every problem named by field (an answer for a 400, never an exception).
/// </summary>
public static class PermitRequestReader
{
    public const int MaxBodyBytes = 4096;

    private static readonly string[] Fields = ["cluster", "member", "ttl", "holder", "reason", "force"];

    /// <returns>The request, or the error message naming the field (null request); status 413 when the body is too big.</returns>
    public static async Task<(PermitRequest? Request, string? Error, int Status)> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (await BoundedBody.ReadAsync(http, MaxBodyBytes, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            return (null, $"the body is larger than {MaxBodyBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4 });
            return Parse(doc.RootElement) is var (request, error) && request is not null
                ? (request, null, StatusCodes.Status200OK)
                : (null, error, StatusCodes.Status400BadRequest);
        }
        catch (JsonException ex)
        {
            return (null, $"the body is not valid JSON ({ex.Message}); send {{\"cluster\": ..., \"member\": ..., \"holder\": ..., \"reason\": ..., \"ttl\": \"15m\"}}", StatusCodes.Status400BadRequest);
        }
    }

    private static (PermitRequest? Request, string? Error) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "the body must be a JSON object");
        }

        foreach (var p in root.EnumerateObject())
        {
            if (!Fields.Contains(p.Name, StringComparer.Ordinal))
            {
                return (null, $"unknown field '{Printable(p.Name)}'; allowed: {string.Join(", ", Fields)}");
            }
        }

        string? error = null;
        var cluster = Text(root, "cluster", 63, required: true, ref error);
        var member = Text(root, "member", 255, required: true, ref error);
        var holder = Text(root, "holder", 200, required: true, ref error);
        var reason = Text(root, "reason", 500, required: false, ref error) ?? "";
        var ttlText = Text(root, "ttl", 32, required: false, ref error);
        TimeSpan? ttl = null;
        if (error is null && ttlText is not null)
        {
            if (!Durations.TryParse(ttlText, out var t) || t <= TimeSpan.Zero)
            {
                return (null, $"ttl: '{ttlText}' is not a duration such as 30s, 15m or 1h");
            }

            ttl = t;
        }

        var force = false;
        if (error is null && root.TryGetProperty("force", out var forceValue) && forceValue.ValueKind != JsonValueKind.Null)
        {
            if (forceValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, $"force: must be true or false, not {forceValue.ValueKind.ToString().ToLowerInvariant()}");
            }

            force = forceValue.GetBoolean();
            if (force && reason.Length == 0)
            {
                return (null, "reason: is required with force (it is logged and shown with the permit)");
            }
        }

        return error is null ? (new PermitRequest(cluster!, member!, ttl, holder!, reason, force), null) : (null, error);
    }

    private static string? Text(JsonElement root, string field, int maxLength, bool required, ref string? error)
    {
        if (error is not null)
        {
            return null;
        }

        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            error = required ? $"{field}: is required" : null;
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = $"{field}: must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}";
            return null;
        }

        var text = value.GetString()!.Trim();
        if (required && text.Length == 0)
        {
            error = $"{field}: must not be empty";
        }
        else if (text.Length > maxLength)
        {
            error = $"{field}: is {text.Length} characters long; the limit is {maxLength}";
        }
        else if (text.Any(char.IsControl))
        {
            error = $"{field}: contains control characters";
        }

        return error is null ? text : null;
    }

    private static string Printable(string text) => new([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
}
