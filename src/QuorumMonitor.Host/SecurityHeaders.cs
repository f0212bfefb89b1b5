using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace QuorumMonitor.Host;

/// <summary>
/// Response headers that keep the status page and API from being framed, sniffed or leaking their URL, with a
/// Content-Security-Policy that lets the status page run only its own inline script and style (by hash).
/// </summary>
public sealed partial class SecurityHeaders
{
    /// <summary>The policy of everything but the page: nothing may load or frame it.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private SecurityHeaders(string pagePolicy) => PagePolicy = pagePolicy;

    /// <summary>The status page's policy: its inline script and style by hash, fetches to its own origin only.</summary>
    public string PagePolicy { get; }

    public static SecurityHeaders ForPage(string html)
    {
        var scripts = string.Join(' ', ScriptBlocks().Matches(html).Select(m => Hash(m.Groups[1].Value)));
        var styles = string.Join(' ', StyleBlocks().Matches(html).Select(m => Hash(m.Groups[1].Value)));
        return new SecurityHeaders(
            $"default-src 'none'; script-src {scripts}; style-src {styles}; connect-src 'self'; img-src 'self'; " +
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    }

    public void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = context.Request.Path == "/" ? PagePolicy : ApiPolicy;
    }

    private static string Hash(string content) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)))}'";

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ScriptBlocks();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex StyleBlocks();
}
