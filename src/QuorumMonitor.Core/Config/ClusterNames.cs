using System.Text.RegularExpressions;

namespace QuorumMonitor.Core.Config;

/// <summary>Cluster names become metric label values and URL segments: keep them short and plain, and unique.</summary>
public static partial class ClusterNames
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();

    public static bool IsValid(string name) => Valid().IsMatch(name);

    public static string? Read(YamlSection s, ISet<string> seen)
    {
        var name = s.String("name", required: true);
        if (name is null)
        {
            return null;
        }

        if (!Valid().IsMatch(name))
        {
            s.Errors.Add(s.FieldPath("name"), s.Line, $"'{name}' must be 1-63 letters, digits, '.', '_' or '-'");
            return null;
        }

        if (!seen.Add(name))
        {
            s.Errors.Add(s.FieldPath("name"), s.Line, $"'{name}' is used by another cluster; names must be unique");
        }

        return name;
    }
}
