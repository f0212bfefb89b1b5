using QuorumMonitor.Kafka.Model;
using QuorumMonitor.Kafka.Model.Network;

namespace QuorumMonitor.Kafka.Rules;

/// <summary>How NIC figures are written in alert summaries.</summary>
internal static class KafkaNicText
{
    public static string Mbps(double bytesPerSecond) => $"{KafkaClusterObservation.Mbps(bytesPerSecond):0.#} Mbit/s";

    public static string Traffic(NicAssessment a) =>
        $"out {Mbps(a.TransmitBps)}, in {Mbps(a.ReceiveBps)}" + (a.FanOut is { } f ? $", fan-out {f:0.#}x" : "");

    public static string Duration(double seconds) =>
        seconds < 3600 ? $"{seconds / 60:0} min" : seconds < 172800 ? $"{seconds / 3600:0.#} h" : $"{seconds / 86400:0.#} days";
}
