namespace QuorumMonitor.Kafka.Model.Network;

/// <summary>
/// node_exporter's counters for one device at one time. <see cref="SpeedBytesPerSecond"/> is
/// <c>node_network_speed_bytes</c>: null when absent, and not a capacity when ≤ 0 (virtual NICs report −125000).
/// </summary>
public sealed record NicSample(DateTimeOffset At, double TransmitBytes, double ReceiveBytes, double? SpeedBytesPerSecond);
