using System.Globalization;

namespace QuorumMonitor.Core.Config;

/// <summary>A <c>host:port</c> endpoint; IPv6 literals in brackets.</summary>
public readonly record struct HostPort(string Host, int Port)
{
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public static bool TryParse(string? text, out HostPort value, out string problem)
    {
        value = default;
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is empty; expected host:port";
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            problem = $"'{text}' is not host:port";
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problem = $"'{text}' has an invalid port; expected 1-65535";
            return false;
        }

        value = new HostPort(host, port);
        return true;
    }
}
