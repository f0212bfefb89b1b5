using System.Globalization;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>Alert labels that keep per-broker and per-group alerts distinct.</summary>
internal static class KafkaLabels
{
    public static Dictionary<string, string> Broker(int id) => new() { ["broker"] = id.ToString(CultureInfo.InvariantCulture) };

    public static Dictionary<string, string> GroupTopic(string group, string topic) => new() { ["group"] = group, ["topic"] = topic };
}
