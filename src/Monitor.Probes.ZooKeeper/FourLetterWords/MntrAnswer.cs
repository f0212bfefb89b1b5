using System.Globalization;

namespace Monitor.Probes.ZooKeeper.FourLetterWords;

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

    public double? Double(string key) =>
        _values.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}
