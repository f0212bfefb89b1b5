namespace QuorumMonitor.Kafka.Model.Network;

/// <summary>
/// One broker's NIC now: rates, capacity and where it came from, utilization of the busier direction, fan-out
/// (bytes out per byte in: consumers reading what producers wrote) and the forecast time to the limit.
/// </summary>
public sealed record NicAssessment(
    int BrokerId,
    double TransmitBps,
    double ReceiveBps,
    double? CapacityBps,
    string? CapacitySource,
    double Threshold,
    double? SecondsToLimit)
{
    public double? Utilization => CapacityBps is > 0 ? Math.Max(TransmitBps, ReceiveBps) / CapacityBps : null;

    public double? FanOut => ReceiveBps > 0 ? TransmitBps / ReceiveBps : null;

    public double? LimitBps => CapacityBps * Threshold;

    public bool Saturated => Utilization >= Threshold;
}
