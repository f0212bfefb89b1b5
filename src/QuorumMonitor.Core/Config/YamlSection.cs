using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace QuorumMonitor.Core.Config;

/// <summary>
/// Reads one YAML mapping field by field, recording every problem with its path and line.
/// Unknown keys are errors (a typo must not silently disable a check): call <see cref="RejectUnknownKeys"/> last.
/// </summary>
public sealed class YamlSection
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public YamlSection(YamlMappingNode node, string path, ConfigErrors errors)
    {
        _node = node;
        Path = path;
        Errors = errors;
    }

    public string Path { get; }

    public ConfigErrors Errors { get; }

    public int Line => LineOf(_node);

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    public string FieldPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlNode? Node(string key)
    {
        _known.Add(key);
        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return v is YamlScalarNode { Value: null or "" or "~" or "null" } s && s.Style == YamlDotNet.Core.ScalarStyle.Plain ? null : v;
            }
        }

        return null;
    }

    public string? String(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                Errors.Add(FieldPath(key), Line, "is required");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Errors.Add(FieldPath(key), LineOf(node), "must be a single value");
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(scalar.Value))
        {
            Errors.Add(FieldPath(key), LineOf(node), "must not be empty");
            return null;
        }

        return Printable(FieldPath(key), scalar);
    }

    public IReadOnlyList<(string Value, int Line)> StringList(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
            {
                Errors.Add(FieldPath(key), Line, "is required");
            }

            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            Errors.Add(FieldPath(key), LineOf(node), "must be a list");
            return [];
        }

        var items = new List<(string, int)>();
        var i = 0;
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } } scalar)
            {
                if (Printable($"{FieldPath(key)}[{i}]", scalar) is { } value)
                {
                    items.Add((value, LineOf(item)));
                }
            }
            else
            {
                Errors.Add($"{FieldPath(key)}[{i}]", LineOf(item), "must be a non-empty string");
            }

            i++;
        }

        if (required && seq.Children.Count == 0)
        {
            Errors.Add(FieldPath(key), LineOf(node), "must list at least one entry");
        }

        return items;
    }

    /// <summary>
    /// The scalar's text, or null (with an error naming <paramref name="path"/>) when it holds a control character: a NUL
    /// in a path or a name would fail far from the config, or hide part of it from an operator reading it.
    /// </summary>
    public string? Printable(string path, YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (ConfigText.FirstControl(value) is { } c)
        {
            Errors.Add(path, LineOf(scalar), $"must not contain control characters (found {ConfigText.Describe(c)})");
            return null;
        }

        return value;
    }

    public TimeSpan? Duration(string key, TimeSpan min, TimeSpan max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!Durations.TryParse(text, out var value))
        {
            Errors.Add(FieldPath(key), LineOf(Node(key)!), Durations.IsWellFormed(text)
                ? $"'{text}' is too large; must be between {Durations.Format(min)} and {Durations.Format(max)}"
                : $"'{text}' is not a duration like 500ms, 5s, 1m or 7d");
            return null;
        }

        if (value < min || value > max)
        {
            Errors.Add(FieldPath(key), LineOf(Node(key)!), $"must be between {Durations.Format(min)} and {Durations.Format(max)}");
            return null;
        }

        return value;
    }

    public int? Int(string key, int min, int max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Errors.Add(FieldPath(key), LineOf(Node(key)!), $"'{text}' must be a whole number from {min} to {max}");
            return null;
        }

        return value;
    }

    public double? Double(string key, double min, double max)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max || double.IsNaN(value))
        {
            Errors.Add(FieldPath(key), LineOf(Node(key)!), $"'{text}' must be a number from {min} to {max}");
            return null;
        }

        return value;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (!bool.TryParse(text, out var value))
        {
            Errors.Add(FieldPath(key), LineOf(Node(key)!), $"'{text}' must be true or false");
            return null;
        }

        return value;
    }

    public Uri? HttpUrl(string key, string text, int line)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Errors.Add(key, line, $"'{text}' is not an http(s) URL");
            return null;
        }

        return uri;
    }

    public YamlSection? Section(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            Errors.Add(FieldPath(key), LineOf(node), "must be a mapping of keys to values");
            return null;
        }

        return new YamlSection(map, FieldPath(key), Errors);
    }

    public IReadOnlyList<YamlSection> SectionList(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            Errors.Add(FieldPath(key), LineOf(node), "must be a list");
            return [];
        }

        var sections = new List<YamlSection>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            if (seq.Children[i] is YamlMappingNode map)
            {
                sections.Add(new YamlSection(map, $"{FieldPath(key)}[{i}]", Errors));
            }
            else
            {
                Errors.Add($"{FieldPath(key)}[{i}]", LineOf(seq.Children[i]), "must be a mapping of keys to values");
            }
        }

        return sections;
    }

    public void RejectUnknownKeys()
    {
        foreach (var (k, _) in _node.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "?";
            if (!_known.Contains(name))
            {
                var allowed = string.Join(", ", _known.Order(StringComparer.Ordinal));
                Errors.Add(FieldPath(name), LineOf(k), $"unknown key; allowed here: {allowed}");
            }
        }
    }
}
