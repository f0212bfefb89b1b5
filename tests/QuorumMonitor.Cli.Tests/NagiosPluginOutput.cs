using System.Globalization;
using System.Text.RegularExpressions;

namespace QuorumMonitor.Cli.Tests;

/// <summary>
/// A reader of plugin output written from the Nagios Plugin Development Guidelines ("Plugin Output", "Performance
/// data"), not from our formatter: <c>TEXT | perfdata</c> on the first line, perfdata a space-separated list of
/// <c>'label'=value[UOM];[warn];[crit];[min];[max]</c>. It rejects what the guidelines do not allow.
/// </summary>
internal sealed partial class NagiosPluginOutput
{
    private static readonly string[] Units = ["", "s", "ms", "us", "%", "B", "KB", "MB", "TB", "c"];

    private NagiosPluginOutput(string text, IReadOnlyList<Datum> perfData, IReadOnlyList<string> longText)
    {
        Text = text;
        PerfData = perfData;
        LongText = longText;
    }

    public string Text { get; }

    public IReadOnlyList<Datum> PerfData { get; }

    public IReadOnlyList<string> LongText { get; }

    public Datum this[string label] => PerfData.Single(d => d.Label == label);

    public static NagiosPluginOutput Parse(string output)
    {
        var lines = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var bar = lines[0].IndexOf('|', StringComparison.Ordinal);
        var text = bar < 0 ? lines[0] : lines[0][..bar].TrimEnd();
        var perf = bar < 0 ? [] : ParsePerfData(lines[0][(bar + 1)..]);
        if (lines.Skip(1).Any(l => l.Contains('|', StringComparison.Ordinal)))
        {
            throw new FormatException("a '|' in the long output starts more performance data");
        }

        return new NagiosPluginOutput(text, perf, lines[1..]);
    }

    public static List<Datum> ParsePerfData(string perf)
    {
        var data = new List<Datum>();
        var i = 0;
        while (true)
        {
            while (i < perf.Length && perf[i] == ' ')
            {
                i++;
            }

            if (i == perf.Length)
            {
                return data;
            }

            string label;
            if (perf[i] == '\'')
            {
                // Quoted: a quote inside is written as two.
                var sb = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= perf.Length)
                    {
                        throw new FormatException("unterminated quoted label");
                    }

                    if (perf[i] == '\'')
                    {
                        if (i + 1 < perf.Length && perf[i + 1] == '\'')
                        {
                            sb.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(perf[i++]);
                }

                label = sb.ToString();
            }
            else
            {
                var eq = perf.IndexOf('=', i);
                if (eq < 0)
                {
                    throw new FormatException($"no '=' after label at {i}");
                }

                label = perf[i..eq];
                if (label.Contains(' ', StringComparison.Ordinal) || label.Contains('\'', StringComparison.Ordinal))
                {
                    throw new FormatException($"label '{label}' has a space or quote and is not quoted");
                }

                i = eq;
            }

            if (label.Length == 0 || i >= perf.Length || perf[i] != '=')
            {
                throw new FormatException($"label '{label}' is empty or not followed by '='");
            }

            i++;
            var end = perf.IndexOf(' ', i);
            var rest = end < 0 ? perf[i..] : perf[i..end];
            i = end < 0 ? perf.Length : end;
            data.Add(ParseDatum(label, rest));
        }
    }

    private static Datum ParseDatum(string label, string text)
    {
        var fields = text.Split(';');
        if (fields.Length > 5)
        {
            throw new FormatException($"{label}: more than value;warn;crit;min;max");
        }

        var m = ValueRegex().Match(fields[0]);
        if (!m.Success)
        {
            throw new FormatException($"{label}: value '{fields[0]}' is not [-0-9.]+ with a unit, nor U");
        }

        var uom = m.Groups["uom"].Value;
        if (!Units.Contains(uom))
        {
            throw new FormatException($"{label}: unit '{uom}' is not one of the guidelines' units");
        }

        double? value = m.Groups["value"].Value == "U" ? null : Number(m.Groups["value"].Value);
        string Field(int n) => fields.Length > n ? fields[n] : "";
        return new Datum(label, value, uom, NagiosRange.Parse(Field(1)), NagiosRange.Parse(Field(2)), MinMax(Field(3)), MinMax(Field(4)));
    }

    private static double? MinMax(string field) => field.Length == 0 ? null : Number(field);

    internal static double Number(string text) => NumberRegex().IsMatch(text)
        ? double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)
        : throw new FormatException($"'{text}' is not in the class [-0-9.]");

    [GeneratedRegex("^(?<value>U|-?[0-9.]+)(?<uom>[a-zA-Z%]*)$")]
    private static partial Regex ValueRegex();

    [GeneratedRegex("^-?[0-9]*\\.?[0-9]+$|^-?[0-9]+\\.?$")]
    private static partial Regex NumberRegex();

    public sealed record Datum(string Label, double? Value, string Uom, NagiosRange? Warn, NagiosRange? Crit, double? Min, double? Max)
    {
        /// <summary>The state a Nagios threshold check gives this value: critical is tested first, then warning.</summary>
        public int State => Value is not { } v ? 3 : Crit?.Alerts(v) == true ? 2 : Warn?.Alerts(v) == true ? 1 : 0;
    }
}

/// <summary>
/// A threshold range of the guidelines: <c>[@]start:end</c>; <c>start</c> and <c>:</c> may be left out when start is 0,
/// an empty end is +infinity, <c>~</c> is -infinity. Alert when outside [start, end] (endpoints inside), or inside it with '@'.
/// </summary>
internal sealed record NagiosRange(double Start, double End, bool Inside)
{
    public static NagiosRange? Parse(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        var inside = text.StartsWith('@');
        var body = inside ? text[1..] : text;
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        var start = colon < 0 ? 0
            : body[..colon] is "~" ? double.NegativeInfinity
            : body[..colon].Length == 0 ? 0 : NagiosPluginOutput.Number(body[..colon]);
        var endText = colon < 0 ? body : body[(colon + 1)..];
        var end = endText.Length == 0 ? double.PositiveInfinity : NagiosPluginOutput.Number(endText);
        if (start > end)
        {
            throw new FormatException($"range '{text}': start is above end");
        }

        return new NagiosRange(start, end, inside);
    }

    public bool Alerts(double value)
    {
        var within = value >= Start && value <= End;
        return Inside ? within : !within;
    }
}
