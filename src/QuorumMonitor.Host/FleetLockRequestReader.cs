using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace QuorumMonitor.Host;

/// <summary>
/// Reads a FleetLock request as the protocol defines it (Fedora CoreOS Zincati's <c>fleet_lock</c>): the header
/// <c>fleet-lock-protocol: true</c> and a body <c>{"client_params": {"id": ..., "group": ...}}</c>, at most
/// <see cref="MaxBodyBytes"/>. Every problem is named (an answer, never an exception).
/// </summary>
public static class FleetLockRequestReader
{
    public const int MaxBodyBytes = 4096;

    public const string ProtocolHeader = "fleet-lock-protocol";

    /// <returns>The request, or the error's kind and message with its status.</returns>
    public static async Task<(FleetLockRequest? Request, string Kind, string? Error, int Status)> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!string.Equals(http.Request.Headers[ProtocolHeader].ToString(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "missing_header", $"a FleetLock request carries the header '{ProtocolHeader}: true'", StatusCodes.Status400BadRequest);
        }

        if (await BoundedBody.ReadAsync(http, MaxBodyBytes, cancellationToken).ConfigureAwait(false) is not { } body)
        {
            return (null, "body_too_large", $"the body is larger than {MaxBodyBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("client_params", out var p) || p.ValueKind != JsonValueKind.Object)
            {
                return (null, "invalid_body", "the body must be {\"client_params\": {\"id\": ..., \"group\": ...}}", StatusCodes.Status400BadRequest);
            }

            var id = Text(p, "id", 255, out var idError);
            var group = Text(p, "group", 63, out var groupError);
            return (idError ?? groupError) is { } error
                ? (null, "invalid_client_params", error, StatusCodes.Status400BadRequest)
                : (new FleetLockRequest(id!, group!), "", null, StatusCodes.Status200OK);
        }
        catch (JsonException ex)
        {
            return (null, "invalid_body", $"the body is not valid JSON ({ex.Message})", StatusCodes.Status400BadRequest);
        }
    }

    private static string? Text(JsonElement parent, string field, int maxLength, out string? error)
    {
        error = null;
        if (!parent.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String)
        {
            error = $"client_params.{field}: is required, a string";
            return null;
        }

        var text = value.GetString()!.Trim();
        error = text.Length == 0 ? $"client_params.{field}: must not be empty"
            : text.Length > maxLength ? $"client_params.{field}: is {text.Length} characters long; the limit is {maxLength}"
            : text.Any(char.IsControl) ? $"client_params.{field}: contains control characters"
            : null;
        return error is null ? text : null;
    }
}
