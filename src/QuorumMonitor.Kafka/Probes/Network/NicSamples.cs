using QuorumMonitor.Kafka.Model.Network;

namespace QuorumMonitor.Kafka.Probes.Network;

internal static class NicSamples
{
    /// <param name="rejected">Series the source answered with an unusable value (NaN, infinite, negative), by name.</param>
    public static NicSample From(IReadOnlyDictionary<string, double> values, DateTimeOffset at, string device, IReadOnlyList<string> devices, string source, IReadOnlyDictionary<string, string>? rejected = null)
    {
        foreach (var counter in new[] { NodeExporterText.Transmit, NodeExporterText.Receive })
        {
            if (rejected is not null && !values.ContainsKey(counter) && rejected.TryGetValue(counter, out var bad))
            {
                throw new NicSourceException($"{source} reported {bad} for {counter} of device '{device}'; a byte counter must be a finite, non-negative number, so this sample is not used");
            }
        }

        if (!values.TryGetValue(NodeExporterText.Transmit, out var tx) || !values.TryGetValue(NodeExporterText.Receive, out var rx))
        {
            var known = devices.Count == 0 ? "none" : string.Join(", ", devices);
            throw new NicSourceException($"{source} has no {NodeExporterText.Transmit}/{NodeExporterText.Receive} for device '{device}' (devices: {known})");
        }

        return new NicSample(at, tx, rx, values.TryGetValue(NodeExporterText.Speed, out var speed) ? speed : null);
    }
}
