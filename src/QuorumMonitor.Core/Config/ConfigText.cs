using System.Globalization;
using System.Text;

namespace QuorumMonitor.Core.Config;

/// <summary>Checks on config strings: no control characters in values, and error text that is safe to print.</summary>
public static class ConfigText
{
    /// <summary>The first control character (NUL, escape, line breaks...) in <paramref name="value"/>, if any.</summary>
    public static char? FirstControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>
    /// The first character YAML forbids in a file (C0 controls but tab and line breaks, DEL, C1 but NEL, U+FFFE/U+FFFF),
    /// with its 1-based line. YamlDotNet reads a NUL as the end of the file, which would silently drop the rest.
    /// </summary>
    public static (char Char, int Line)? FirstForbiddenInFile(string text)
    {
        var line = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
            }
            else if ((c < ' ' && c is not ('\t' or '\r')) || c == '\u007f' || (c is >= '\u0080' and <= '\u009f' && c != '\u0085') || c is '\ufffe' or '\uffff')
            {
                return (c, line);
            }
        }

        return null;
    }

    public static string Describe(char c) => $"U+{((int)c).ToString("X4", CultureInfo.InvariantCulture)}";

    /// <summary>Control characters shown as <c>\uXXXX</c> (no terminal escapes from a config), cut at <paramref name="max"/>.</summary>
    public static string Printable(string text, int max)
    {
        if (FirstControl(text) is null && text.Length <= max)
        {
            return text;
        }

        var sb = new StringBuilder(Math.Min(text.Length, max + 8));
        foreach (var c in text)
        {
            if (sb.Length >= max)
            {
                sb.Append("...");
                break;
            }

            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
