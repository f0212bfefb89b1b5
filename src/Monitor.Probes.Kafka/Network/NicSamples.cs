using Monitor.Core.Kafka.Network;

namespace Monitor.Probes.Kafka.Network;

internal static class NicSamples
{
    public static NicSample From(IReadOnlyDictionary<string, double> values, DateTimeOffset at, string device, IReadOnlyList<string> devices, string source)
    {
        if (!values.TryGetValue(NodeExporterText.Transmit, out var tx) || !values.TryGetValue(NodeExporterText.Receive, out var rx))
        {
            var known = devices.Count == 0 ? "none" : string.Join(", ", devices);
            throw new NicSourceException($"{source} has no {NodeExporterText.Transmit}/{NodeExporterText.Receive} for device '{device}' (devices: {known})");
        }

        return new NicSample(at, tx, rx, values.TryGetValue(NodeExporterText.Speed, out var speed) ? speed : null);
    }
}
