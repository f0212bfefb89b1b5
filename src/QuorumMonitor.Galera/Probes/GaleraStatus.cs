namespace QuorumMonitor.Galera.Probes;

/// <summary>The wsrep status variables one probe read, by name (bounded in count and length by the reader).</summary>
public sealed record GaleraStatus(IReadOnlyDictionary<string, string> Values, int? Weight)
{
    public string? Text(string name) => Values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
}
