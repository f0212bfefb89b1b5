using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using QuorumMonitor.Core.Config;
using QuorumMonitor.Core.Json;

namespace QuorumMonitor.Host;

/// <summary>
/// The bearer tokens of <c>api.tokens</c>, guarding every mutating endpoint. Tokens are kept as SHA-256 digests and
/// compared in constant time (against every token, no early exit), so neither content nor length leaks through
/// timing; no answer, log or error ever contains a token. No token configured = the mutating API is off.
/// </summary>
public sealed class ApiTokens
{
    public const string HowToEnable = "add api.tokens to the config (each entry tokenEnv: VARIABLE or tokenFile: /path, first line = the token) and restart the monitor";

    private readonly byte[][] _digests;

    public ApiTokens(ApiSettings settings)
    {
        _digests = [.. settings.Tokens.Select(t => SHA256.HashData(Encoding.UTF8.GetBytes(t.Reveal())))];
    }

    public bool Enabled => _digests.Length > 0;

    /// <returns>null when the request carries a valid token; else the answer to send (401, 403).</returns>
    public IResult? Refuse(HttpContext http)
    {
        if (!Enabled)
        {
            return Error(StatusCodes.Status403Forbidden, $"the mutating API is disabled because no API token is configured; to enable it, {HowToEnable}");
        }

        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"quorum-monitor\"";
            return Error(StatusCodes.Status401Unauthorized, "this endpoint needs 'Authorization: Bearer <token>' with a token from api.tokens");
        }

        var candidate = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        var match = false;
        foreach (var digest in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, candidate);
        }

        if (!match)
        {
            http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"quorum-monitor\", error=\"invalid_token\"";
            return Error(StatusCodes.Status401Unauthorized, "the bearer token is not one of api.tokens");
        }

        return null;
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, MonitorJson.Options, statusCode: status);
}
