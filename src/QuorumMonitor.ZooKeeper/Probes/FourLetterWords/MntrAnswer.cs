using System.Globalization;

namespace QuorumMonitor.ZooKeeper.Probes.FourLetterWords;

/// <summary>The parsed answer to <c>mntr</c> (or AdminServer <c>/commands/mntr</c>): keys without the <c>zk_</c> prefix.</summary>
public sealed class MntrAnswer
{
    private readonly Dictionary<string, string> _values;

    public MntrAnswer(Dictionary<string, string> values) => _values = values;

    public IReadOnlyDictionary<string, string> Values => _values;

    public static MntrAnswer Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var tab = raw.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                continue;
            }

            var key = raw[..tab].Trim();
            values[key.StartsWith("zk_", StringComparison.Ordinal) ? key[3..] : key] = raw[(tab + 1)..].Trim();
        }

        if (values.Count == 0)
        {
            throw new FormatException("mntr answer has no key/value lines");
        }

        return new MntrAnswer(values);
    }

    public string? String(string key) => _values.GetValueOrDefault(key);

    public long? Long(string key) =>
        _values.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A finite number; NaN and ±Infinity (which double parsing accepts) count as unreadable.</summary>
    public double? Double(string key) =>
        _values.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            && double.IsFinite(n) ? n : null;

    /// <summary>The key's value when readable; a present but unreadable value is named in <paramref name="problems"/>.</summary>
    public long? Long(string key, ICollection<string> problems) => Checked(key, Long(key), problems);

    /// <inheritdoc cref="Long(string, ICollection{string})"/>
    public double? Double(string key, ICollection<string> problems) => Checked(key, Double(key), problems);

    private T? Checked<T>(string key, T? value, ICollection<string> problems)
        where T : struct
    {
        if (value is null && _values.TryGetValue(key, out var raw))
        {
            problems.Add($"mntr: unreadable {key} '{SrvrAnswer.Clip(raw)}'");
        }

        return value;
    }
}
