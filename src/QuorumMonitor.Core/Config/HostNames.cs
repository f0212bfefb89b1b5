using System.Net;
using System.Text.RegularExpressions;

namespace QuorumMonitor.Core.Config;

/// <summary>Shapes of the <c>monitor.allowedHosts</c> entries.</summary>
public static partial class HostNames
{
    [GeneratedRegex(@"^(\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsName();

    public static bool IsAllowedHostPattern(string text) =>
        text == "*"
        || (text.Length <= 253 && DnsName().IsMatch(text))
        || (text.StartsWith('[') && text.EndsWith(']') && IPAddress.TryParse(text[1..^1], out _));
}
