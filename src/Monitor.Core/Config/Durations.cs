using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Core.Config;

/// <summary>Durations as Prometheus writes them: <c>500ms</c>, <c>2s</c>, <c>1m30s</c>, <c>7d</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = Pattern().Match(text.Trim());
        if (!match.Success || match.Value.Length == 0)
        {
            return false;
        }

        static long Part(Group g) => g.Success ? long.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        try
        {
            value = TimeSpan.FromDays(Part(match.Groups[1]))
                + TimeSpan.FromHours(Part(match.Groups[2]))
                + TimeSpan.FromMinutes(Part(match.Groups[3]))
                + TimeSpan.FromSeconds(Part(match.Groups[4]))
                + TimeSpan.FromMilliseconds(Part(match.Groups[5]));
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static string Format(TimeSpan value)
    {
        if (value.TotalSeconds < 1)
        {
            return $"{value.TotalMilliseconds:0}ms";
        }

        return value.TotalMinutes < 1 ? $"{value.TotalSeconds:0.#}s" : $"{value.TotalMinutes:0.#}m";
    }
}
