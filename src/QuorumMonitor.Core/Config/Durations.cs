using System.Globalization;
using System.Text.RegularExpressions;

namespace QuorumMonitor.Core.Config;

/// <summary>Durations as Prometheus writes them: <c>500ms</c>, <c>2s</c>, <c>1m30s</c>, <c>7d</c>.</summary>
public static partial class Durations
{
    // [0-9], not \d: \d also matches other scripts' digits (٥), which the invariant culture cannot parse.
    [GeneratedRegex(@"^(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m(?!s))?(?:([0-9]+)s)?(?:([0-9]+)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses a duration; false for malformed text and for one too large for <see cref="TimeSpan"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (Match(text) is not { } match)
        {
            return false;
        }

        var total = TimeSpan.Zero;
        foreach (var (group, unit) in Units)
        {
            var g = match.Groups[group];
            if (!g.Success)
            {
                continue;
            }

            // Checked by hand: TimeSpan.FromDays and friends throw on overflow, which must be a field error, not a crash.
            if (!long.TryParse(g.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || count > (TimeSpan.MaxValue.Ticks - total.Ticks) / unit)
            {
                return false;
            }

            total += TimeSpan.FromTicks(count * unit);
        }

        value = total;
        return true;
    }

    /// <summary>True when <paramref name="text"/> has the shape of a duration, even one too large to represent.</summary>
    public static bool IsWellFormed(string? text) => Match(text) is not null;

    private static readonly (int Group, long Ticks)[] Units =
    [
        (1, TimeSpan.TicksPerDay), (2, TimeSpan.TicksPerHour), (3, TimeSpan.TicksPerMinute), (4, TimeSpan.TicksPerSecond), (5, TimeSpan.TicksPerMillisecond),
    ];

    private static Match? Match(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var match = Pattern().Match(text.Trim());
        return match.Success && match.Value.Length > 0 ? match : null;
    }

    public static string Format(TimeSpan value)
    {
        if (value.TotalSeconds < 1)
        {
            return $"{value.TotalMilliseconds:0}ms";
        }

        return value.TotalMinutes < 1 ? $"{value.TotalSeconds:0.#}s" : $"{value.TotalMinutes:0.#}m";
    }

    /// <summary>As config is written: <c>7d</c>, <c>1h</c>, else <see cref="Format"/>.</summary>
    public static string Describe(TimeSpan value) =>
        value >= TimeSpan.FromDays(1) && value.Ticks % TimeSpan.TicksPerDay == 0 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalDays:0}d")
        : value >= TimeSpan.FromHours(1) && value.Ticks % TimeSpan.TicksPerHour == 0 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalHours:0}h")
        : Format(value);
}
