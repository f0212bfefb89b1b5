using System.Globalization;
using System.Text;

namespace QuorumMonitor.Core.Reporting;

/// <summary>
/// One performance datum as the Nagios plugin guidelines define it: <c>'label'=value[UOM];[warn];[crit];[min];[max]</c>.
/// <see cref="Warn"/> and <see cref="Crit"/> are threshold ranges (<c>10</c>, <c>10:</c>, <c>~:10</c>, <c>@10:20</c>):
/// an alert is raised when the value lies outside the range (inside it with <c>@</c>). A null value is written <c>U</c>
/// (undetermined), as the guidelines allow.
/// </summary>
public sealed record NagiosPerfDatum(string Label, double? Value, string Uom = "", string? Warn = null, string? Crit = null, double? Min = null, double? Max = null)
{
    public override string ToString()
    {
        var sb = new StringBuilder(QuoteLabel(Label)).Append('=');
        sb.Append(Value is { } v ? Number(v) + Uom : "U");
        var fields = new[] { Warn ?? "", Crit ?? "", Min is { } min ? Number(min) : "", Max is { } max ? Number(max) : "" };
        // Trailing empty fields may be dropped; inner ones stay as empty ';' slots.
        var last = Array.FindLastIndex(fields, f => f.Length > 0);
        for (var i = 0; i <= last; i++)
        {
            sb.Append(';').Append(fields[i]);
        }

        return sb.ToString();
    }

    /// <summary>Plain decimal, never an exponent (the guidelines' value class is <c>[-0-9.]</c>).</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string QuoteLabel(string label)
    {
        // '|' would start perfdata again and a line break a new output line: neither may come from a group name.
        var clean = string.Create(label.Length, label, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = s[i] == '|' || char.IsControl(s[i]) ? '_' : s[i];
            }
        });

        // A quote inside a label is written as two; a label with a space, '=' or quote is quoted as a whole.
        var escaped = clean.Replace("'", "''", StringComparison.Ordinal);
        return clean.AsSpan().IndexOfAny(" ='") >= 0 ? $"'{escaped}'" : escaped;
    }
}
