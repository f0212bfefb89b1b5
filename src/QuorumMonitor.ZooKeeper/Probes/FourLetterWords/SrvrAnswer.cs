using System.Globalization;
using QuorumMonitor.ZooKeeper.Model;

namespace QuorumMonitor.ZooKeeper.Probes.FourLetterWords;

/// <summary>The parsed answer to <c>srvr</c>.</summary>
public sealed record SrvrAnswer
{
    public string? Version { get; init; }
    public ZooKeeperRole? Role { get; init; }
    public bool ReadOnly { get; init; }
    public long? Zxid { get; init; }
    public long? Outstanding { get; init; }
    public long? Connections { get; init; }
    public double? LatencyAvgMs { get; init; }
    public long? LatencyMaxMs { get; init; }

    /// <summary>Fields present but unreadable (NaN, Infinity, garbage); their values are treated as absent.</summary>
    public IReadOnlyList<string> Unreadable { get; init; } = [];

    /// <exception cref="FormatException">The text is not a srvr answer (no Mode line).</exception>
    public static SrvrAnswer Parse(string text)
    {
        var answer = new SrvrAnswer();
        var sawMode = false;
        var unreadable = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("READ-ONLY mode", StringComparison.Ordinal))
            {
                answer = answer with { ReadOnly = true };
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "Zookeeper version":
                    answer = answer with { Version = value.Split(',')[0].Trim() };
                    break;
                case "Latency min/avg/max":
                    var parts = value.Split('/');
                    answer = parts.Length == 3
                        ? answer with
                        {
                            LatencyAvgMs = Readable(ParseDouble(parts[1]), "Latency avg", parts[1], unreadable),
                            LatencyMaxMs = Readable(ParseLong(parts[2]), "Latency max", parts[2], unreadable),
                        }
                        : answer with { LatencyAvgMs = Readable<double>(null, key, value, unreadable) };
                    break;
                case "Outstanding":
                    answer = answer with { Outstanding = Readable(ParseLong(value), key, value, unreadable) };
                    break;
                case "Connections":
                    answer = answer with { Connections = Readable(ParseLong(value), key, value, unreadable) };
                    break;
                case "Zxid":
                    answer = answer with { Zxid = Readable(ParseHex(value), key, value, unreadable) };
                    break;
                case "Mode":
                    sawMode = true;
                    answer = answer with { Role = ParseRole(value) };
                    break;
            }
        }

        if (!sawMode)
        {
            throw new FormatException("srvr answer has no 'Mode:' line");
        }

        answer = answer with { Unreadable = unreadable };
        return answer.ReadOnly ? answer with { Role = ZooKeeperRole.ReadOnly } : answer;
    }

    public static ZooKeeperRole? ParseRole(string value) => value.Trim().ToLowerInvariant() switch
    {
        "leader" => ZooKeeperRole.Leader,
        "follower" => ZooKeeperRole.Follower,
        "observer" => ZooKeeperRole.Observer,
        "standalone" => ZooKeeperRole.Standalone,
        "read-only" or "readonly" => ZooKeeperRole.ReadOnly,
        _ => throw new FormatException($"unknown server mode '{value.Trim()}'"),
    };

    private static T? Readable<T>(T? value, string field, string raw, List<string> unreadable)
        where T : struct
    {
        if (value is null)
        {
            unreadable.Add($"{field} '{Clip(raw)}'");
        }

        return value;
    }

    /// <summary>Keeps a hostile value from flooding the member's problem text.</summary>
    internal static string Clip(string raw)
    {
        var t = raw.Trim();
        return t.Length <= 40 ? t : t[..40] + "...";
    }

    private static long? ParseLong(string s) =>
        long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>NaN and ±Infinity are not latencies: rejected like any other unreadable value.</summary>
    private static double? ParseDouble(string s) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    private static long? ParseHex(string s)
    {
        var t = s.Trim();
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            t = t[2..];
        }

        return long.TryParse(t, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
