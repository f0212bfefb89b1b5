using QuorumMonitor.Core.Config;
namespace QuorumMonitor.Kafka.Config;

/// <summary>
/// librdkafka security properties (<c>security.protocol</c>, <c>sasl.*</c>, <c>ssl.*</c>). Values may be secrets:
/// <see cref="ToString"/> shows property names only, and nothing else here exposes a value except <see cref="Properties"/>,
/// which only the Kafka client reads.
/// </summary>
public sealed class KafkaSecurityConfig
{
    public static readonly KafkaSecurityConfig None = new(new Dictionary<string, string>());

    public KafkaSecurityConfig(IReadOnlyDictionary<string, string> properties) => Properties = properties;

    public IReadOnlyDictionary<string, string> Properties { get; }

    public static bool IsAllowedKey(string key) =>
        key == "security.protocol" || key.StartsWith("sasl.", StringComparison.Ordinal) || key.StartsWith("ssl.", StringComparison.Ordinal);

    public override string ToString() => Properties.Count == 0 ? "none" : string.Join(", ", Properties.Keys.Order(StringComparer.Ordinal)) + " (values hidden)";
}
