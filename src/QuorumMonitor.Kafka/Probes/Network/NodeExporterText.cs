using System.Globalization;

namespace QuorumMonitor.Kafka.Probes.Network;

/// <summary>Reads the three NIC series the capacity probe needs from node_exporter's text exposition.</summary>
public static class NodeExporterText
{
    public const string Transmit = "node_network_transmit_bytes_total";
    public const string Receive = "node_network_receive_bytes_total";
    public const string Speed = "node_network_speed_bytes";

    /// <returns>Values of the device's series; a series absent from the text is absent from the result.</returns>
    public static IReadOnlyDictionary<string, double> Read(string text, string device, out IReadOnlyList<string> devices) =>
        Read(text, device, out devices, out _);

    /// <param name="rejected">The device's series whose value is unusable (NaN, ±Inf, negative): absent from the result, kept here as text.</param>
    public static IReadOnlyDictionary<string, double> Read(string text, string device, out IReadOnlyList<string> devices, out IReadOnlyDictionary<string, string> rejected)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var bad = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{');
            if (brace < 0)
            {
                continue;
            }

            var name = line[..brace].ToString();
            if (name is not (Transmit or Receive or Speed))
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            if (close < brace)
            {
                continue;
            }

            var lineDevice = Label(line[(brace + 1)..close], "device");
            if (lineDevice is null)
            {
                continue;
            }

            seen.Add(lineDevice);
            var rest = line[(close + 1)..].Trim();
            var space = rest.IndexOf(' ');
            var valueText = space < 0 ? rest : rest[..space];
            if (lineDevice != device)
            {
                continue;
            }

            // The exposition format writes NaN, +Inf and -Inf; a rate from one would poison the history and the forecast.
            if (TryParseValue(valueText, out var value) && IsUsable(value))
            {
                values[name] = value;
                bad.Remove(name);
            }
            else if (!values.ContainsKey(name))
            {
                bad[name] = Printable(valueText.ToString());
            }
        }

        devices = [.. seen];
        rejected = bad;
        return values;
    }

    /// <summary>A NIC counter or speed must be a finite number, not below zero.</summary>
    public static bool IsUsable(double value) => double.IsFinite(value) && value >= 0;

    /// <summary>A value as reports may show it: short, no control characters (it comes from a remote server).</summary>
    public static string Printable(string text)
    {
        var cut = text.Length <= 40 ? text : text[..40] + "...";
        return string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c));
    }

    private static bool TryParseValue(ReadOnlySpan<char> text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static string? Label(ReadOnlySpan<char> labels, string name)
    {
        var key = name + "=\"";
        var at = labels.IndexOf(key, StringComparison.Ordinal);
        while (at > 0 && labels[at - 1] is not (',' or ' '))
        {
            var next = labels[(at + 1)..].IndexOf(key, StringComparison.Ordinal);
            at = next < 0 ? -1 : at + 1 + next;
        }

        if (at < 0)
        {
            return null;
        }

        var value = labels[(at + key.Length)..];
        var end = value.IndexOf('"');
        return end < 0 ? null : value[..end].ToString();
    }
}
