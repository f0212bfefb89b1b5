using System.Net;
using QuorumMonitor.Core.Config;

namespace QuorumMonitor.Host;

/// <summary>
/// The Host header values the HTTP surface answers. A page on any web site can make a browser send requests to
/// 127.0.0.1 under a hostile name (DNS rebinding); answering only known names stops it reading the status API.
/// </summary>
public static class HostAllowList
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>
    /// <paramref name="configured"/> (<c>monitor.allowedHosts</c>) when given; else the loopback names plus every
    /// literal host the monitor is bound to.
    /// </summary>
    /// <exception cref="ConfigException">A wildcard bind (0.0.0.0, [::], *, +) without <c>monitor.allowedHosts</c>: no name could be derived.</exception>
    public static IReadOnlyList<string> For(IReadOnlyList<string>? configured, IEnumerable<string> urls)
    {
        if (configured is not null)
        {
            return configured;
        }

        var hosts = new List<string>(LoopbackNames);
        foreach (var url in urls)
        {
            var host = HostOf(url);
            if (host is "*" or "+" or "0.0.0.0" or "[::]" or "")
            {
                throw new ConfigException([new ConfigError("monitor.allowedHosts", 0,
                    $"is required when listening on all interfaces ({url}): list the names clients use to reach the monitor")]);
            }

            if (!hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                hosts.Add(host);
            }
        }

        return hosts;
    }

    /// <summary>True when every URL binds a loopback address (or <c>localhost</c>).</summary>
    public static bool AllLoopback(IEnumerable<string> urls) => urls.All(u =>
        HostOf(u) is var h && (h.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(h.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))));

    /// <summary>The host part of a Kestrel listen URL, which may be <c>http://*:9464</c> or <c>http://+:9464</c> (not valid URIs).</summary>
    private static string HostOf(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        rest = slash < 0 ? rest : rest[..slash];
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? rest : rest[..(close + 1)];
        }

        var colon = rest.LastIndexOf(':');
        return colon < 0 ? rest : rest[..colon];
    }
}
