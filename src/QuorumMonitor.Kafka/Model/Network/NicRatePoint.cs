namespace QuorumMonitor.Kafka.Model.Network;

/// <summary>Transmit and receive rates (bytes/s) over the interval ending at <see cref="AtMs"/>.</summary>
public readonly record struct NicRatePoint(long AtMs, double TransmitBps, double ReceiveBps);
